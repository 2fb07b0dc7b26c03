using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Losses;
using NeuralIk.Engine.Numerics;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Losses;

/// <summary>
/// A training step splits its loss between two cores by rows: the shares of any split must give the whole batch's
/// gradient bit for bit (each row's gradient is its own) and sum to the whole loss (up to the order of the sum).
/// </summary>
public class LossShareTests
{
    public static TheoryData<string> Losses =>
        ["mse", "planar-pose", "spatial-pose", "spatial-position", "winner-takes-all"];

    [Theory]
    [MemberData(nameof(Losses))]
    public void Shares_of_a_batch_give_its_gradient_and_sum_to_its_loss(string name)
    {
        const int batch = 77;
        var (loss, outputs, targetWidth) = Make(name);
        var rng = new Rng(5);
        var output = RandomData.Uniform(rng, batch * outputs);
        var target = RandomData.Uniform(rng, batch * targetWidth);
        var whole = new float[batch * outputs];
        var expected = loss.LossAndGradient(output, target, batch, whole);
        // 40 rows cross the FK loss's 32-row gathering; 0 rows and 1 row are edges
        foreach (var cuts in new[] { new[] { 0, 38, 77 }, [0, 40, 77], [0, 0, 1, 77], [0, 76, 77] })
        {
            var parts = new float[batch * outputs];
            var sum = 0.0;
            for (var c = 0; c + 1 < cuts.Length; c++)
                sum += loss.LossAndGradient(output, target, batch, parts, cuts[c], cuts[c + 1] - cuts[c]);
            Close.BitExact($"{name} gradient in shares {string.Join("/", cuts)}", whole, parts);
            Assert.Equal(expected, sum, 1e-12 * Math.Max(1, Math.Abs(expected)));
        }
    }

    static (ILoss Loss, int Outputs, int TargetWidth) Make(string name)
    {
        switch (name)
        {
            case "mse":
                return (MseLoss.Instance, 5, 5);
            case "winner-takes-all":
                return (new WinnerTakesAllLoss(3, 4), 12, 4);
            case "planar-pose":
                var planar = new PlanarChain([1, 0.8, 0.5]);
                var joint = new JointAndFkLoss(planar, TaskBounds.PlanarPose, 2.5);
                return (joint, joint.Outputs, joint.TargetWidth);
            default:
                var kind = name == "spatial-pose" ? TaskBounds.Pose : TaskBounds.Position;
                var spatial = new JointAndFkLoss(TestRobots.Named("ur5-dh"), kind, 2.5);
                return (spatial, spatial.Outputs, spatial.TargetWidth);
        }
    }
}
