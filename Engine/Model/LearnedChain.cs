using System.Numerics;
using System.Runtime.Intrinsics;
using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Model;

/// <summary>
/// An arm known only from what it recorded (a soft or continuum arm, no URDF): its forward map learned by a
/// network from actuator values to the measured position, used as a chain. Inputs are the actuators scaled over the
/// ranges the data show to [−1, 1]; outputs are the position scaled over the recorded box to [−1, 1]. FK and its
/// Jacobian are evaluated in double from the trained weights: the Jacobian by forward-mode differentiation through
/// the layers (Wᵀ·J, then the ReLU mask), exact for the network, so the refinement converges on the learned model
/// as on a URDF. A planar arm's data (x, y) give z = 0. There is no orientation: ω rows are 0.
/// </summary>
public sealed class LearnedChain : IChain
{
    readonly double[][] _weights; // per layer Wᵀ[out, in]
    readonly double[][] _biases;
    readonly int[] _sizes;

    public LearnedChain(Mlp network, IReadOnlyList<string> names, IReadOnlyList<JointRange> ranges,
        RecordedWorkspace workspace)
    {
        if (names.Count != network.InputCount || ranges.Count != names.Count)
            throw new ArgumentException($"{names.Count} actuators for a network of {network.InputCount} inputs");
        if (network.OutputCount is not (2 or 3))
            throw new ArgumentException("a learned forward map gives a position: 2 or 3 outputs");
        _sizes = [.. network.Sizes];
        _weights = new double[network.Layers.Count][];
        _biases = new double[network.Layers.Count][];
        for (var l = 0; l < network.Layers.Count; l++)
        {
            var (w, b) = (new float[_sizes[l] * _sizes[l + 1]], new float[_sizes[l + 1]]);
            network.ReadLayer(l, w, b);
            (_weights[l], _biases[l]) = ([.. w.Select(x => (double)x)], [.. b.Select(x => (double)x)]);
        }
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
    public bool IsPlanar => _sizes[^1] == 2;

    public Frame Forward(ReadOnlySpan<double> q) => Frame.Translation(Evaluate(q, default));

    public void Jacobian(ReadOnlySpan<double> q, Span<double> jacobian)
    {
        var n = Count;
        jacobian[..(6 * n)].Clear();
        Evaluate(q, jacobian);
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

    // The position for q; with room for J[6, N], also ∂position/∂q in its first rows, by carrying ∂h/∂q[N, width]
    // (one row per actuator, so each derivative is a dot product with a weight row, as h's value is) through every
    // layer next to h. A unit the ReLU turns off has value and derivative 0: its dots are skipped.
    Vec3 Evaluate(ReadOnlySpan<double> q, Span<double> jacobian)
    {
        var n = Count;
        var withJacobian = !jacobian.IsEmpty;
        var width = _sizes.Max();
        Span<double> h = stackalloc double[width], next = stackalloc double[width];
        Span<double> dh = stackalloc double[withJacobian ? width * n : 0];
        Span<double> dnext = stackalloc double[withJacobian ? width * n : 0];
        dh.Clear();
        for (var i = 0; i < n; i++)
        {
            h[i] = Scaled(Ranges[i], q[i]);
            if (withJacobian)
                dh[i * width + i] = 2 / (Ranges[i].Hi - Ranges[i].Lo);
        }
        for (var l = 0; l < _weights.Length; l++)
        {
            var (inputs, outputs, w, b) = (_sizes[l], _sizes[l + 1], _weights[l], _biases[l]);
            var relu = l < _weights.Length - 1;
            for (var o = 0; o < outputs; o++)
            {
                var row = w.AsSpan(o * inputs, inputs);
                var s = b[o] + Dot(row, h[..inputs]);
                var on = !relu || s > 0;
                next[o] = on ? s : 0;
                for (var j = 0; j < (withJacobian ? n : 0); j++)
                    dnext[j * width + o] = on ? Dot(row, dh.Slice(j * width, inputs)) : 0;
            }
            next[..outputs].CopyTo(h);
            dnext.CopyTo(dh);
        }
        var half = 0.5 * (High - Low);
        Span<double> scale = [half.X, half.Y, half.Z];
        if (withJacobian)
        {
            for (var axis = 0; axis < _sizes[^1]; axis++)
            {
                for (var j = 0; j < n; j++)
                    jacobian[axis * n + j] = scale[axis] * dh[j * width + axis];
            }
        }
        var mid = 0.5 * (High + Low);
        return new Vec3(mid.X + half.X * h[0], mid.Y + half.Y * h[1], IsPlanar ? 0 : mid.Z + half.Z * h[2]);
    }

    // x·y in double, a SIMD vector at a time: 8 lanes where the CPU has AVX-512, else Vector<double>'s width.
    static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var (total, i) = (0.0, 0);
        if (Vector512.IsHardwareAccelerated)
        {
            var sum = Vector512<double>.Zero;
            for (; i + Vector512<double>.Count <= x.Length; i += Vector512<double>.Count)
                sum = Vector512.FusedMultiplyAdd(Vector512.Create(x[i..]), Vector512.Create(y[i..]), sum);
            total = Vector512.Sum(sum);
        }
        else
        {
            var sum = Vector<double>.Zero;
            for (; i + Vector<double>.Count <= x.Length; i += Vector<double>.Count)
                sum += new Vector<double>(x[i..]) * new Vector<double>(y[i..]);
            total = Vector.Sum(sum);
        }
        for (; i < x.Length; i++)
            total += x[i] * y[i];
        return total;
    }
}
