using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Numerics;

namespace NeuralIk.Engine.Solving;

/// <summary>
/// The oracle for "how many different answers does this target have": postures drawn at random over
/// the torus of free-link directions, each built in closed form on both branches
/// (<see cref="Posture.Construct"/>), kept when within the limits and at least a separation from every
/// pose kept so far. No network and no iteration, so it says what the self-motion allows, independently
/// of how the solver searches.
/// </summary>
public static class SelfMotion
{
    /// <summary>
    /// Up to <paramref name="wanted"/> poses reaching the target, pairwise ≥ <paramref name="separation"/> apart.
    /// </summary>
    public static List<double[]> DistinctPoses(PlanarChain chain, Pose2 target, TaskBounds kind, int wanted,
        double separation,
        int samples = 4096, ulong seed = 97)
    {
        var free = Posture.FreeLinks(chain.Joints, kind);
        var rng = new Rng(seed);
        var kept = new List<double[]>();
        var directions = new double[free];
        var theta = new double[chain.Joints];
        for (var j = 0; j < (free == 0 ? 1 : samples) && kept.Count < wanted; j++)
        {
            for (var k = 0; k < free; k++)
                directions[k] = rng.Uniform(-Math.PI, Math.PI);
            foreach (var elbow in new[] { Elbow.Up, Elbow.Down })
            {
                if (Posture.Construct(chain, target, kind, directions, elbow,
                    theta) is not (IkStatus.Ok or IkStatus.Singular))
                    break;
                for (var i = 0; i < theta.Length; i++)
                    theta[i] = chain.Limits[i].Represent(theta[i]);
                if (chain.WithinLimits(theta) && kept.All(p => Angles.Distance(p, theta) >= separation)
                    && kept.Count < wanted)
                    kept.Add((double[])theta.Clone());
            }
        }
        return kept;
    }
}
