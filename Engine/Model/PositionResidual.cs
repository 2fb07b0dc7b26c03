using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Model;

/// <summary>
/// What a calibrated arm's geometry leaves, learned from its recordings: a network from the joints (each scaled over
/// its range to [−1, 1]; a continuous joint's angle wrapped into it first) to the tip's missing offset in the
/// instrument's frame, in units of <see cref="Scale"/> metres; evaluated in double with its derivative
/// (<see cref="DoubleNetwork"/>) so the refinement solves the corrected arm exactly.
/// </summary>
public sealed class PositionResidual : IPositionCorrection
{
    readonly DoubleNetwork _map;

    public PositionResidual(Mlp network, IReadOnlyList<JointRange> ranges, double scale)
    {
        if (network.InputCount != ranges.Count || network.OutputCount != 3)
            throw new ArgumentException($"a residual maps {ranges.Count} joints to an offset (3), not " +
                $"{network.InputCount} to {network.OutputCount}");
        if (!(scale > 0 && double.IsFinite(scale)))
            throw new ArgumentException($"a residual's scale is a positive length, got {scale}");
        (_map, Ranges, Scale) = (new DoubleNetwork(network), [.. ranges], scale);
    }

    public Mlp Network => _map.Network;
    public IReadOnlyList<JointRange> Ranges { get; }
    /// <summary>Metres per unit of the network's outputs.</summary>
    public double Scale { get; }

    /// <summary>The network's input for joint <paramref name="j"/> at <paramref name="q"/>.</summary>
    public double Input(int j, double q)
    {
        var r = Ranges[j];
        return 2 * ((r.Continuous ? Angles.Wrap(q) : q) - r.Lo) / (r.Hi - r.Lo) - 1;
    }

    public Vec3 Offset(ReadOnlySpan<double> q, Span<double> jacobian)
    {
        var n = Ranges.Count;
        Span<double> x = stackalloc double[n], y = stackalloc double[3];
        Span<double> dydx = stackalloc double[jacobian.IsEmpty ? 0 : 3 * n];
        for (var j = 0; j < n; j++)
            x[j] = Input(j, q[j]);
        _map.Evaluate(x, y, dydx);
        for (var i = 0; i < dydx.Length; i++)
            jacobian[i] = Scale * dydx[i] * 2 / (Ranges[i % n].Hi - Ranges[i % n].Lo);
        return Scale * new Vec3(y[0], y[1], y[2]);
    }
}
