using NeuralIk.Engine.Numerics;

namespace NeuralIk.Engine.Kinematics;

/// <summary>
/// Random poses of a chain within its limits, the distribution that training rows and the solver's
/// random restarts share: 80 % of the poses have each joint uniform over its range, 20 % have joints
/// 2 … N within ±0.5 rad of straight (where the range allows), so the outer edge of the workspace,
/// where the solutions bunch up, is well covered. A spatial chain's poses are uniform within the limits
/// (a continuous joint over a full turn), the distribution the reference solvers are measured on.
/// </summary>
public static class PoseSampler
{
    const double StraightShare = 0.2;
    const double StraightWindow = 0.5;

    /// <summary>One pose θ[N] within the limits.</summary>
    public static void Draw(PlanarChain chain, Rng rng, Span<double> theta)
    {
        var straight = rng.NextDouble() < StraightShare;
        for (var j = 0; j < chain.Joints; j++)
        {
            var (lo, hi) = (chain.Limits[j].Lo, chain.Limits[j].Hi);
            if (straight && j > 0 && Math.Max(lo, -StraightWindow) < Math.Min(hi, StraightWindow))
                (lo, hi) = (Math.Max(lo, -StraightWindow), Math.Min(hi, StraightWindow));
            theta[j] = rng.Uniform(lo, hi);
        }
    }

    /// <summary>One pose q[N] of any other chain (in space, or learned) uniform within its limits.</summary>
    public static void Draw(IChain chain, Rng rng, Span<double> q)
    {
        for (var j = 0; j < chain.Count; j++)
            q[j] = rng.Uniform(chain.Ranges[j].Lo, chain.Ranges[j].Hi);
    }
}
