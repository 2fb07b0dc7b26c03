using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Model;

/// <summary>
/// What a calibrated arm's geometry leaves, learned from its recordings: a network from the joints to the tip's
/// missing offset in the instrument's frame, in units of <see cref="Scale"/> metres, evaluated in double
/// (<see cref="DoubleNetwork"/>), so the refinement solves the corrected arm to its tolerance. A turning joint enters
/// as (sin q, cos q): the arm is the same a turn later, so the residual is too, and an answer a turn away from every
/// recorded pose finds it; a sliding joint enters scaled over its range to [−1, 1].
/// </summary>
public sealed class PositionResidual : IPositionCorrection
{
    readonly DoubleNetwork _map;

    /// <summary><paramref name="sliding"/>[j]: joint j is prismatic (its range scales it).</summary>
    public PositionResidual(Mlp network, IReadOnlyList<JointRange> ranges, IReadOnlyList<bool> sliding, double scale)
    {
        if (sliding.Count != ranges.Count || network.InputCount != InputCount(sliding) || network.OutputCount != 3)
            throw new ArgumentException($"a residual maps {ranges.Count} joints ({InputCount(sliding)} inputs) to an " +
                $"offset (3), not {network.InputCount} inputs to {network.OutputCount}");
        if (!(scale > 0 && double.IsFinite(scale)))
            throw new ArgumentException($"a residual's scale is a positive length, got {scale}");
        (_map, Ranges, Sliding, Scale) = (new DoubleNetwork(network), [.. ranges], [.. sliding], scale);
    }

    public Mlp Network => _map.Network;
    public IReadOnlyList<JointRange> Ranges { get; }
    public IReadOnlyList<bool> Sliding { get; }
    /// <summary>Metres per unit of the network's outputs.</summary>
    public double Scale { get; }

    /// <summary>The network's inputs for joints that slide where <paramref name="sliding"/> says: 1 or 2 each.
    /// </summary>
    public static int InputCount(IReadOnlyList<bool> sliding) => sliding.Sum(s => s ? 1 : 2);

    /// <summary>The network's inputs x[<see cref="InputCount"/>] for q[N].</summary>
    public void Inputs(ReadOnlySpan<double> q, Span<double> x)
    {
        var i = 0;
        for (var j = 0; j < Ranges.Count; j++)
        {
            if (Sliding[j])
            {
                x[i++] = 2 * (q[j] - Ranges[j].Lo) / (Ranges[j].Hi - Ranges[j].Lo) - 1;
                continue;
            }
            (x[i], x[i + 1]) = (Math.Sin(q[j]), Math.Cos(q[j]));
            i += 2;
        }
    }

    public Vec3 Offset(ReadOnlySpan<double> q)
    {
        Span<double> x = stackalloc double[_map.Inputs], y = stackalloc double[3];
        Inputs(q, x);
        _map.Evaluate(x, [], y, []);
        return Scale * new Vec3(y[0], y[1], y[2]);
    }
}
