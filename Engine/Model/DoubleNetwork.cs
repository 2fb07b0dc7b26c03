using System.Numerics;
using System.Runtime.Intrinsics;

namespace NeuralIk.Engine.Model;

/// <summary>
/// A trained network evaluated in double, for a map the solver differentiates (a learned forward map, a learned
/// correction of a URDF's): y = f(x) and, when asked, ∂y/∂x by forward-mode differentiation through the layers
/// (each derivative row is a dot product with a weight row, as the value is; ReLU's mask zeroes both, tanh scales
/// the derivative by 1 − tanh²), exact for the network, so a refinement converges on it as on a URDF.
/// </summary>
public sealed class DoubleNetwork
{
    readonly double[][] _weights; // per layer W[out, in]
    readonly double[][] _biases;
    readonly int[] _sizes;
    readonly int _width;
    readonly bool _tanh;

    public DoubleNetwork(Mlp network)
    {
        _sizes = [.. network.Sizes];
        _weights = new double[network.Layers.Count][];
        _biases = new double[network.Layers.Count][];
        for (var l = 0; l < network.Layers.Count; l++)
        {
            var (w, b) = (new float[_sizes[l] * _sizes[l + 1]], new float[_sizes[l + 1]]);
            network.ReadLayer(l, w, b);
            (_weights[l], _biases[l]) = ([.. w.Select(x => (double)x)], [.. b.Select(x => (double)x)]);
        }
        _width = _sizes.Max();
        _tanh = network.Hidden == Tensors.Activation.Tanh;
        Network = network;
    }

    /// <summary>The float network the weights came from (what a model file stores).</summary>
    public Mlp Network { get; }
    public int Inputs => _sizes[0];
    public int Outputs => _sizes[^1];

    /// <summary>
    /// y[Outputs] = f(x[Inputs]); given the inputs' derivatives by d variables, ∂x/∂v[d, Inputs] (one row per
    /// variable; empty for none), also ∂y/∂v into <paramref name="jacobian"/>[Outputs, d] (row-major), carrying
    /// ∂h/∂v[d, width] through every layer next to h: d dot products per unit, however many inputs there are.
    /// </summary>
    public void Evaluate(ReadOnlySpan<double> x, ReadOnlySpan<double> tangents, Span<double> y, Span<double> jacobian)
    {
        var (n, width) = (tangents.Length / Inputs, _width);
        var withJacobian = n > 0;
        Span<double> h = stackalloc double[width], next = stackalloc double[width];
        Span<double> dh = stackalloc double[withJacobian ? width * n : 0];
        Span<double> dnext = stackalloc double[withJacobian ? width * n : 0];
        x[..Inputs].CopyTo(h);
        for (var j = 0; j < n; j++)
            tangents.Slice(j * Inputs, Inputs).CopyTo(dh[(j * width)..]);
        for (var l = 0; l < _weights.Length; l++)
        {
            var (inputs, outputs, w, b) = (_sizes[l], _sizes[l + 1], _weights[l], _biases[l]);
            var hidden = l < _weights.Length - 1;
            for (var o = 0; o < outputs; o++)
            {
                var row = w.AsSpan(o * inputs, inputs);
                var s = b[o] + Dot(row, h[..inputs]);
                var (value, slope) = !hidden ? (s, 1.0) : Activate(s);
                next[o] = value;
                for (var j = 0; j < (withJacobian ? n : 0); j++)
                    dnext[j * width + o] = slope == 0 ? 0 : slope * Dot(row, dh.Slice(j * width, inputs));
            }
            next[..outputs].CopyTo(h);
            dnext.CopyTo(dh);
        }
        h[..Outputs].CopyTo(y);
        for (var o = 0; o < (withJacobian ? Outputs : 0); o++)
        {
            for (var j = 0; j < n; j++)
                jacobian[o * n + j] = dh[j * width + o];
        }
    }

    // A hidden unit's value and its derivative by its sum.
    (double Value, double Slope) Activate(double s)
    {
        if (!_tanh)
            return s > 0 ? (s, 1) : (0, 0);
        var t = Math.Tanh(s);
        return (t, 1 - t * t);
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
