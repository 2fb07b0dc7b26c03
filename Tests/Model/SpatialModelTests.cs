using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Training;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Model;

/// <summary>
/// A spatial arm's model: the layout's encoding against values computed here, the chain recorded in the file
/// (forward kinematics after loading equal to the bit), and the network's predictions unchanged by a save and
/// load.
/// </summary>
public class SpatialModelTests : TempFolder
{
    [Fact]
    public void The_layout_encodes_position_two_rotation_columns_and_the_reference()
    {
        var chain = TestRobots.Named("ur5-dh");
        var layout = new SpatialLayout(chain, TaskBounds.Pose);
        Assert.Equal((9 + 12, 12, 9), (layout.Inputs, layout.Outputs, layout.Target));
        var scaler = layout.Scaler(chain.Reach);
        var target = Frame.FromXyzRpy(new Vec3(0.3, -0.2, 0.5), 0.4, -0.3, 1.2);
        double[] reference = [0.1, -0.2, 0.3, -0.4, 0.5, -3.0];
        var inputs = new float[layout.Inputs];
        layout.Encode(scaler, target, reference, inputs);
        Assert.Equal((float)(0.3 / chain.Reach), inputs[0], 6);
        Assert.Equal((float)(0.5 / chain.Reach), inputs[2], 6);
        Assert.Equal((float)target.Axis(0).Y, inputs[4]);
        Assert.Equal((float)target.Axis(1).Z, inputs[8]);
        Assert.Equal((float)Math.Sin(-3.0), inputs[9 + 10]);
        Assert.Equal((float)Math.Cos(-3.0), inputs[9 + 11]);
        var theta = new double[6];
        var pairs = new float[12];
        layout.Pairs(reference, pairs);
        layout.Decode(pairs, theta);
        for (var j = 0; j < 6; j++)
            Assert.True(Math.Abs(theta[j] - reference[j]) < 1e-6);
    }

    [Fact]
    public void A_mounted_arm_is_its_base_arm_seen_from_the_mount_and_its_file_keeps_the_mount()
    {
        var (arm, mounted) = (TestRobots.Named("iiwa7"), TestRobots.Named("iiwa7-mounted"));
        var (layout, seen) = (new SpatialLayout(arm, TaskBounds.Pose), new SpatialLayout(mounted, TaskBounds.Pose));
        var rng = new Rng(8);
        var (row, mountedRow) = (new float[9], new float[9]);
        var read = SpatialChainFile.Read(SpatialChainFile.Write(mounted));
        for (var trial = 0; trial < 20; trial++)
        {
            double[] q = [.. arm.Ranges.Select(r => rng.Uniform(r.Lo, r.Hi))];
            var (local, far) = (arm.Forward(q), mounted.Forward(q));
            var expected = TestRobots.Mount * local;
            Assert.True((far.P - expected.P).Length < 1e-12 && (far * expected.Transposed).RotationVector().Length
                < 1e-12);
            layout.TargetRow(local, row);
            seen.TargetRow(far, mountedRow);
            Assert.All(Enumerable.Range(0, 9), c => Assert.Equal(row[c], mountedRow[c], 1e-6));
            Assert.Equal(far, read.Forward(q));
        }
        Assert.DoesNotContain("Mount", SpatialChainFile.Write(arm), StringComparison.Ordinal);
    }

    [Fact]
    public void A_prismatic_joint_or_a_planar_kind_is_refused()
    {
        var chain = TestRobots.Named("ur5-dh");
        Assert.Throws<ArgumentException>(() => new SpatialLayout(chain, TaskBounds.PlanarPose));
        var slider = new SpatialChain("a", "b",
            [chain.Joints[0] with { Type = JointType.Prismatic, Range = new JointRange(0, 0.1) }], Frame.Identity);
        Assert.Contains("prismatic", Assert.Throws<ArgumentException>(() =>
            new SpatialLayout(slider, TaskBounds.Pose)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_model_file_holds_the_whole_chain_and_the_same_network()
    {
        var chain = TestRobots.Named("ur5-dh");
        var options = new SolverOptions { Hidden = [16], Epochs = 1, SamplesPerEpoch = 256, BatchSize = 64 };
        var (model, _) = SolverRecipe.Train(chain, TaskBounds.Pose, options);
        var path = Path.Combine(Folder, "arm.safetensors");
        model.Save(path);
        var loaded = IkModel.Load(path);
        Assert.Equal(IkModel.SpatialOutputs, loaded.Outputs);
        Assert.Equal(TaskBounds.Pose, loaded.Task);
        var again = (SpatialChain)loaded.Chain;
        Assert.Equal(chain.Joints.Select(j => (j.Name, j.Type, j.Range, j.Line)),
            again.Joints.Select(j => (j.Name, j.Type, j.Range, j.Line)));
        var rng = new Rng(3);
        var q = new double[6];
        for (var trial = 0; trial < 20; trial++)
        {
            PoseSampler.Draw(chain, rng, q);
            Assert.Equal(chain.Forward(q), again.Forward(q));
        }
        var inputs = RandomData.Uniform(rng, 5 * model.Network.InputCount);
        var (before, after) = (new float[5 * 12], new float[5 * 12]);
        model.Predict(inputs, 5, before);
        loaded.Predict(inputs, 5, after);
        Close.BitExact("predictions", before, after);
    }
}
