using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Solving;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Kinematics;

/// <summary>Random chains of 2–8 links with a pose: links in [0.2, 1.5], angles in [−π, π].</summary>
public static class ChainGen
{
    public static Arbitrary<(PlanarChain Chain, double[] Theta)> Chains() =>
        (from n in Gen.Choose(2, 8)
         from links in Gens.Between(0.2, 1.5).ArrayOf(n)
         from theta in Gens.Between(-Math.PI, Math.PI).ArrayOf(n)
         select (new PlanarChain(links), theta)).ToArbitrary();
}

[Properties(Arbitrary = [typeof(ChainGen)], MaxTest = 300)]
public class ChainProperties
{
    [Property]
    public void The_Jacobian_matches_central_differences_of_forward_kinematics((PlanarChain Chain, double[] Theta) c)
    {
        var (chain, theta) = c;
        var n = chain.Joints;
        var jacobian = new double[3 * n];
        chain.Jacobian(theta, jacobian);
        var expected = new double[3 * n];
        for (var j = 0; j < n; j++)
        {
            expected[j] = FiniteDifference.Central(theta, j, () => chain.Forward(theta).X);
            expected[n + j] = FiniteDifference.Central(theta, j, () => chain.Forward(theta).Y);
            // φ is wrapped; differentiate the unwrapped sum, whose derivative is what J claims.
            expected[2 * n + j] = FiniteDifference.Central(theta, j, () => theta.Sum());
        }
        Close.All("J", expected, [.. jacobian.Select(v => (float)v)], 1e-5, 1e-6);
    }

    [Property]
    public void Forward_kinematics_stays_within_the_reach((PlanarChain Chain, double[] Theta) c)
    {
        var p = c.Chain.Forward(c.Theta);
        Assert.True(Math.Sqrt(p.X * p.X + p.Y * p.Y) <= c.Chain.Reach * (1 + 1e-12));
    }

    [Property]
    public void Refinement_reaches_a_reachable_position_from_a_nearby_start((PlanarChain Chain, double[] Theta) c)
    {
        var (chain, theta) = c;
        var target = chain.Forward(theta);
        var start = theta.Select((t, i) => t + 0.2 * Math.Sin(3.7 * i + 1)).ToArray();
        var result = Refiner.Refine(chain, target, TaskBounds.PlanarPosition, start, 1e-9 * chain.Reach, 200);
        var reached = chain.Forward(start);
        var miss = Math.Sqrt((reached.X - target.X) * (reached.X - target.X)
            + (reached.Y - target.Y) * (reached.Y - target.Y));
        Assert.True(result.Residual <= 1e-9 * chain.Reach && miss <= 1e-9 * chain.Reach,
            $"{chain.Joints} links: residual {result.Residual} after {result.Iterations}");
    }
}

public class ThreeLinkIkTests
{
    [Fact]
    public void Both_closed_form_branches_reach_the_full_pose_and_refinement_agrees()
    {
        var chain = new PlanarChain([1.0, 0.8, 0.5]);
        var rng = new Rng(101);
        for (var k = 0; k < 2000; k++)
        {
            double[] theta = [rng.Uniform(-Math.PI, Math.PI), rng.Uniform(-Math.PI, Math.PI),
                rng.Uniform(-Math.PI, Math.PI)];
            var target = chain.Forward(theta);
            var solution = ThreeLinkIk.Solve(chain, target);
            Assert.True(solution.Status is IkStatus.Ok or IkStatus.Singular);
            foreach (var branch in new[] { solution.Up, solution.Down })
            {
                var p = chain.Forward(branch);
                Assert.True(Math.Abs(p.X - target.X) < 1e-9 && Math.Abs(p.Y - target.Y) < 1e-9
                    && Angles.Distance(p.Phi, target.Phi) < 1e-9,
                    $"pose {target} branch ({string.Join(", ", branch)}) reaches {p}");
            }
            Assert.True(solution.Up[1] <= 0 && solution.Down[1] >= 0);
            var start = solution.Up.Select(t => t + 0.05).ToArray();
            var refined = Refiner.Refine(chain, target, TaskBounds.PlanarPose, start, 1e-9 * chain.Reach, 100);
            Assert.True(refined.Residual <= 1e-9 * chain.Reach);
        }
    }

    [Fact]
    public void An_unreachable_wrist_is_reported()
    {
        var chain = new PlanarChain([1.0, 0.8, 0.5]);
        Assert.Equal(IkStatus.OutOfReach, ThreeLinkIk.Solve(chain, new Pose2(2.5, 0, Math.PI)).Status);
    }
}
