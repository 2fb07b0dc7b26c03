using NeuralIk.Cli;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Cli;

/// <summary>A checkpoint stores the run's settings as strings; `train --resume` must get the same chain back.</summary>
public class TrainSettingsTests
{
    [Fact]
    public void A_chain_run_survives_the_checkpoint_round_trip()
    {
        var chain = new PlanarChain([1.0, 0.8, 0.6, 0.4 / 3], JointRange.ParseList("-3,3;-2.5,2.5;-2,1.9;0.1,3.1"));
        var settings = new TrainSettings(Preset.Solver, 50, null, 1e-3f, 7, "data.csv", "out", 1, chain,
            TaskBounds.PlanarPose);
        var back = TrainSettings.FromDictionary(settings.ToDictionary(), "elsewhere");
        Assert.Equal(chain.Links, ((PlanarChain)back.Chain).Links);
        Assert.Equal(chain.Limits, back.Chain.Ranges);
        Assert.True(back.Task.HasOrientation && back.IsChain);
        Assert.Equal((50, (int?)null, 1e-3f, 7UL, "elsewhere"),
            (back.Epochs!.Value, back.Batch, back.LearningRate!.Value, back.Seed, back.OutDir));
    }

    [Fact]
    public void A_spatial_run_reads_its_robot_file_again_and_carries_no_planar_arm()
    {
        var urdf = TestRobots.File("ur5-dh.urdf");
        var robot = new RobotFile(urdf, null, "tool");
        var settings = new TrainSettings(Preset.Solver, 5, null, null, 42, "data.csv", "out", 1,
            Urdf.Load(urdf, tipLink: "tool"), TaskBounds.Pose) { Robot = robot };
        var saved = settings.ToDictionary();
        Assert.False(saved.ContainsKey("links"));
        var back = TrainSettings.FromDictionary(saved, "out");
        Assert.Equal(robot, back.Robot);
        Assert.Equal(6, Assert.IsType<SpatialChain>(back.Chain).Count);
        Assert.Same(TaskBounds.Pose, back.Task);
    }

    [Fact]
    public void A_checkpoint_from_before_chains_resumes_as_a_2_link_position_run()
    {
        var settings = new TrainSettings(Preset.Solver, null, null, null, 42, "data.csv", "out", 2,
            new PlanarChain(Arm.Default, JointLimits.Full), TaskBounds.PlanarPosition);
        var old = settings.ToDictionary();
        old.Remove("orientation");
        var back = TrainSettings.FromDictionary(old, "out");
        Assert.False(back.Task.HasOrientation || back.IsChain);
        Assert.Equal([1.0, 1.0], ((PlanarChain)back.Chain).Links);
    }
}
