using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Losses;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Training;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Training;

/// <summary>
/// A spatial arm's training rows and loss: each row's label is a pose within the limits whose forward
/// kinematics, recomputed here, is the row's target; its reference posture is within the noise of that pose;
/// and the loss (joint MSE + weighted spatial FK) has the gradient central differences give.
/// </summary>
public class SpatialSamplesTests
{
    [Fact]
    public void Each_row_is_a_pose_within_the_limits_its_target_and_a_nearby_reference()
    {
        var chain = TestRobots.Named("ur5-dh");
        var layout = new SpatialLayout(chain, TaskBounds.Pose);
        var scaler = layout.Scaler(chain.Reach);
        var set = JointSpaceSamples.Draw(chain, layout, 500, new Rng(9), scaler);
        Assert.Equal((layout.Inputs, layout.Outputs + 9), (set.InputCount, set.OutputCount));
        var q = new double[6];
        var reference = new double[6];
        for (var i = 0; i < set.Count; i++)
        {
            var label = set.Targets.AsSpan(i * set.OutputCount, set.OutputCount);
            var input = set.Inputs.AsSpan(i * set.InputCount, set.InputCount);
            layout.Decode(label, q);
            layout.Decode(input[layout.Target..], reference);
            chain.Represent(q);
            Assert.True(chain.WithinLimits(q), $"row {i}: {string.Join(", ", q)}");
            var tip = chain.Forward(q);
            double[] expected = [tip.P.X, tip.P.Y, tip.P.Z, tip.Row0.X, tip.Row1.X, tip.Row2.X, tip.Row0.Y, tip.Row1.Y,
                tip.Row2.Y];
            for (var c = 0; c < 9; c++)
                Assert.True(Math.Abs(expected[c] - label[layout.Outputs + c]) < 1e-5, $"row {i}, target {c}");
            var unscaled = scaler.Min[0] + (input[0] + 1f) * 0.5f * (scaler.Max[0] - scaler.Min[0]);
            Assert.True(Math.Abs(unscaled - tip.P.X) < 1e-5);
            for (var j = 0; j < 6; j++)
            {
                var off = Math.Abs(Math.IEEERemainder(reference[j] - q[j], 2 * Math.PI));
                Assert.True(off <= SpatialLayout.ReferenceNoise + 1e-5, $"row {i}, joint {j}: {off}");
            }
        }
    }

    // The rows' targets come from the chain's FK, the loss walks the chain its own way: at the labels they agree.
    [Theory]
    [InlineData("panda")]
    [InlineData("iiwa7")]
    [InlineData("ur5-dh")]
    [InlineData("skewed")]
    public void The_loss_at_the_labels_is_zero(string robot)
    {
        var chain = TestRobots.Named(robot);
        var layout = new SpatialLayout(chain, TaskBounds.Pose);
        const int rows = 200;
        var set = JointSpaceSamples.Draw(chain, layout, rows, new Rng(13), layout.Scaler(chain.Reach));
        var loss = new JointAndFkLoss(chain, TaskBounds.Pose, 1);
        var output = new float[rows * loss.Outputs];
        for (var i = 0; i < output.Length; i++)
            output[i] = set.Targets[i / loss.Outputs * set.OutputCount + i % loss.Outputs];
        Assert.True(loss.LossAndGradient(output, set.Targets, rows, new float[output.Length]) < 1e-10);
    }

    [Fact]
    public void The_loss_gradient_matches_central_differences()
    {
        var chain = TestRobots.Named("ur5-dh");
        var layout = new SpatialLayout(chain, TaskBounds.Pose);
        var set = JointSpaceSamples.Draw(chain, layout, 3, new Rng(11), layout.Scaler(chain.Reach));
        var loss = new JointAndFkLoss(chain, TaskBounds.Pose, 2.5);
        var rng = new Rng(12);
        // Outputs near the labels but not on them, so both terms have a gradient.
        var output = new double[3 * 12];
        for (var i = 0; i < output.Length; i++)
            output[i] = set.Targets[i / 12 * set.OutputCount + i % 12] + rng.Uniform(-0.3, 0.3);
        var gradient = new float[output.Length];
        loss.LossAndGradient([.. output.Select(v => (float)v)], set.Targets, 3, gradient);
        double Loss() => loss.LossAndGradient([.. output.Select(v => (float)v)], set.Targets, 3, new float[36]);
        for (var i = 0; i < output.Length; i++)
        {
            var numeric = FiniteDifference.Central(output, i, Loss, 1e-3);
            Assert.True(Math.Abs(numeric - gradient[i]) < 2e-3 * Math.Max(1, Math.Abs(numeric)),
                $"output {i}: analytic {gradient[i]}, numeric {numeric}");
        }
    }
}
