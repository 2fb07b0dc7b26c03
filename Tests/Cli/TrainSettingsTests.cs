using NeuralIk.Cli;
using NeuralIk.Engine.Kinematics;
using Xunit;

namespace NeuralIk.Tests.Cli;

/// <summary>A checkpoint stores the run's settings as strings; `train --resume` must get the same chain back.</summary>
public class TrainSettingsTests
{
    [Fact]
    public void A_chain_run_survives_the_checkpoint_round_trip()
    {
        var chain = new PlanarChain([1.0, 0.8, 0.6, 0.4 / 3], JointRange.ParseList("-3,3;-2.5,2.5;-2,1.9;0.1,3.1"));
        var settings = new TrainSettings("solver", 50, null, 1e-3f, 7, "data.csv", "out", 1, chain,
            Target: TaskBounds.PlanarPose);
        var back = TrainSettings.FromDictionary(settings.ToDictionary(), "elsewhere");
        Assert.Equal(chain.Links, back.Chain.Links);
        Assert.Equal(chain.Limits, back.Chain.Limits);
        Assert.True(back.Task.HasOrientation && back.IsChain);
        Assert.Equal((50, (int?)null, 1e-3f, 7UL, "elsewhere"),
            (back.Epochs!.Value, back.Batch, back.LearningRate!.Value, back.Seed, back.OutDir));
    }

    [Fact]
    public void A_spatial_run_keeps_its_robot_file_and_links_and_an_older_checkpoint_has_none()
    {
        var settings = new TrainSettings("solver", 5, null, null, 42, "data.csv", "out", 1,
            new PlanarChain(Arm.Default, JointLimits.Full)) { Robot = new RobotFile("r.urdf", null, "tool") };
        var back = TrainSettings.FromDictionary(settings.ToDictionary(), "out");
        Assert.Equal(new RobotFile("r.urdf", null, "tool"), back.Robot);
        var old = settings.ToDictionary();
        foreach (var key in new[] { "urdf", "base", "tip" })
            old.Remove(key);
        Assert.Null(TrainSettings.FromDictionary(old, "out").Robot);
    }

    [Fact]
    public void A_checkpoint_from_before_chains_resumes_as_a_2_link_position_run()
    {
        var settings = new TrainSettings("solver", null, null, null, 42, "data.csv", "out", 2,
            new PlanarChain(Arm.Default, JointLimits.Full));
        var old = settings.ToDictionary();
        old.Remove("orientation");
        var back = TrainSettings.FromDictionary(old, "out");
        Assert.False(back.Task.HasOrientation || back.IsChain);
        Assert.Equal([1.0, 1.0], back.Chain.Links);
    }
}
