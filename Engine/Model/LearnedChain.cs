using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Model;

/// <summary>
/// An arm known only from what it recorded (a soft or continuum arm, no URDF): its forward map learned by a
/// network from actuator values to the measured position, used as a chain. Inputs are the actuators scaled over the
/// ranges the data show to [−1, 1]; outputs are the position scaled over the recorded box to [−1, 1]. FK and its
/// Jacobian are the network's in double (<see cref="DoubleNetwork"/>). A planar arm's data (x, y) give z = 0. There is
/// no orientation: ω rows are 0.
/// </summary>
public sealed class LearnedChain : IChain
{
    readonly DoubleNetwork _map;

    public LearnedChain(Mlp network, IReadOnlyList<string> names, IReadOnlyList<JointRange> ranges,
        RecordedWorkspace workspace)
    {
        if (names.Count != network.InputCount || ranges.Count != names.Count)
            throw new ArgumentException($"{names.Count} actuators for a network of {network.InputCount} inputs");
        if (network.OutputCount is not (2 or 3))
            throw new ArgumentException("a learned forward map gives a position: 2 or 3 outputs");
        _map = new DoubleNetwork(network);
        (Network, Names, Ranges, Workspace) = (network, [.. names], [.. ranges], workspace);
        var (low, high) = (workspace.Low, workspace.High);
        Reach = new Vec3(Math.Max(Math.Abs(low.X), Math.Abs(high.X)), Math.Max(Math.Abs(low.Y), Math.Abs(high.Y)),
            Math.Max(Math.Abs(low.Z), Math.Abs(high.Z))).Length;
    }

    public Mlp Network { get; }
    public int Count => Names.Count;
    public IReadOnlyList<string> Names { get; }
    /// <summary>Each actuator's range, as recorded.</summary>
    public IReadOnlyList<JointRange> Ranges { get; }
    /// <summary>Where the recordings reached: beyond it the map is not trusted.</summary>
    public RecordedWorkspace Workspace { get; }
    /// <summary>The recorded positions' box: what the outputs are scaled over.</summary>
    public Vec3 Low => Workspace.Low;
    public Vec3 High => Workspace.High;
    /// <summary>The farthest corner of the recorded box from the origin: no learned position lies beyond it.</summary>
    public double Reach { get; }
    public bool IsPlanar => _map.Outputs == 2;

    public Frame Forward(ReadOnlySpan<double> q) => Frame.Translation(Evaluate(q, default));

    public Frame Jacobian(ReadOnlySpan<double> q, Span<double> jacobian)
    {
        var n = Count;
        jacobian[..(6 * n)].Clear();
        return Frame.Translation(Evaluate(q, jacobian));
    }

    public void Points(ReadOnlySpan<double> q, Span<Vec3> points)
    {
        // No links are known: every point is the tip (drawn as a dot, not a line from an unknown base).
        var tip = Forward(q).P;
        for (var i = 0; i < Count + 2; i++)
            points[i] = tip;
    }

    public bool WithinLimits(ReadOnlySpan<double> q)
    {
        for (var i = 0; i < Count; i++)
        {
            if (!Ranges[i].Contains(q[i]))
                return false;
        }
        return true;
    }

    public void Project(Span<double> q)
    {
        for (var i = 0; i < Count; i++)
            q[i] = Ranges[i].Clamp(q[i]);
    }

    /// <summary>Nothing to do: an actuator's value has no congruent twin (it does not turn full circles).</summary>
    public void Represent(Span<double> q)
    {
    }

    /// <summary>An actuator's value scaled over its range to the network's input in [−1, 1].</summary>
    public static double Scaled(JointRange range, double value) => 2 * (value - range.Lo) / (range.Hi - range.Lo) - 1;

    // The position for q; with room for J[6, N], also ∂position/∂q in its first rows: the network's derivative by q
    // (each input's tangent its scale, 2 / width), times each output's scale.
    Vec3 Evaluate(ReadOnlySpan<double> q, Span<double> jacobian)
    {
        var (n, m) = (Count, _map.Outputs);
        Span<double> x = stackalloc double[n], y = stackalloc double[m];
        Span<double> tangents = stackalloc double[jacobian.IsEmpty ? 0 : n * n];
        Span<double> dydq = stackalloc double[jacobian.IsEmpty ? 0 : m * n];
        for (var i = 0; i < n; i++)
        {
            x[i] = Scaled(Ranges[i], q[i]);
            if (!tangents.IsEmpty)
                tangents[i * n + i] = 2 / (Ranges[i].Hi - Ranges[i].Lo);
        }
        _map.Evaluate(x, tangents, y, dydq);
        var half = 0.5 * (High - Low);
        Span<double> scale = [half.X, half.Y, half.Z];
        for (var axis = 0; axis < (jacobian.IsEmpty ? 0 : m); axis++)
        {
            for (var j = 0; j < n; j++)
                jacobian[axis * n + j] = scale[axis] * dydq[axis * n + j];
        }
        var mid = 0.5 * (High + Low);
        return new Vec3(mid.X + half.X * y[0], mid.Y + half.Y * y[1], IsPlanar ? 0 : mid.Z + half.Z * y[2]);
    }
}
