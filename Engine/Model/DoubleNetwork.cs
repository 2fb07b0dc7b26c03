using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralIk.Engine.Model;

/// <summary>
/// A trained network evaluated in double, for a map the solver differentiates (a learned forward map, a learned
/// correction of a URDF's): y = f(x) and, when asked, ∂y/∂x by forward-mode differentiation through the layers,
/// exact for the network, so a refinement converges on it as on a URDF. The value and the d tangents are rows of one
/// state [1 + d, width] that each layer multiplies by its W[in, out] at once (the bias on the value row only); then
/// the value row goes through the activation and the tangent rows are scaled by its slope (ReLU: 0 or 1; tanh:
/// 1 − tanh²). Layers are padded to eight outputs and the state to three rows with zeros, which stay zero: the
/// product runs on whole blocks of three rows by eight outputs (six vectors of four doubles in registers).
/// </summary>
public sealed class DoubleNetwork
{
    const int Lanes = 4, Block = 2 * Lanes, RowBlock = 3;
    readonly double[][] _weights; // per layer W[in, out padded], row-major
    readonly double[][] _biases; // per layer b[out padded]
    readonly int[] _sizes, _padded;
    readonly int _width;
    readonly bool _tanh;

    public DoubleNetwork(Mlp network)
    {
        _sizes = [.. network.Sizes];
        _padded = [_sizes[0], .. _sizes.Skip(1).Select(s => (s + Block - 1) / Block * Block)];
        _weights = new double[network.Layers.Count][];
        _biases = new double[network.Layers.Count][];
        for (var l = 0; l < network.Layers.Count; l++)
        {
            var (inputs, outputs, width) = (_sizes[l], _sizes[l + 1], _padded[l + 1]);
            var (w, b) = (new float[inputs * outputs], new float[outputs]);
            network.ReadLayer(l, w, b);
            (_weights[l], _biases[l]) = (new double[_padded[l] * width], new double[width]);
            for (var o = 0; o < outputs; o++)
            {
                _biases[l][o] = b[o];
                for (var i = 0; i < inputs; i++)
                    _weights[l][i * width + o] = w[o * inputs + i];
            }
        }
        _width = _padded.Max();
        _tanh = network.Hidden == Tensors.Activation.Tanh;
        Network = network;
    }

    /// <summary>The float network the weights came from (what a model file stores).</summary>
    public Mlp Network { get; }
    public int Inputs => _sizes[0];
    public int Outputs => _sizes[^1];

    /// <summary>
    /// y[Outputs] = f(x[Inputs]); given the inputs' derivatives by d variables, ∂x/∂v[d, Inputs] (one row per
    /// variable; empty for none), also ∂y/∂v into <paramref name="jacobian"/>[Outputs, d] (row-major).
    /// </summary>
    public void Evaluate(ReadOnlySpan<double> x, ReadOnlySpan<double> tangents, Span<double> y, Span<double> jacobian)
    {
        var (n, width) = (tangents.Length / Inputs, _width);
        var rows = n == 0 ? 1 : (1 + n + RowBlock - 1) / RowBlock * RowBlock;
        Span<double> h = stackalloc double[rows * width], next = stackalloc double[rows * width];
        h.Clear();
        x[..Inputs].CopyTo(h);
        for (var j = 0; j < n; j++)
            tangents.Slice(j * Inputs, Inputs).CopyTo(h[((1 + j) * width)..]);
        for (var l = 0; l < _weights.Length; l++)
        {
            var outputs = _padded[l + 1];
            Layer(_weights[l], _biases[l], _padded[l], outputs, rows, width, h, next);
            if (l < _weights.Length - 1)
                Activate(next, outputs, 1 + n, width);
            var swap = h;
            h = next;
            next = swap;
        }
        h[..Outputs].CopyTo(y);
        for (var o = 0; o < (n > 0 ? Outputs : 0); o++)
        {
            for (var j = 0; j < n; j++)
                jacobian[o * n + j] = h[(1 + j) * width + o];
        }
    }

    // next[r, o] = Σ_i h[r, i]·W[i, o] (+ b[o] on row 0), rows by three, outputs by eight.
    static void Layer(double[] w, double[] b, int inputs, int outputs, int rows, int width, ReadOnlySpan<double> h,
        Span<double> next)
    {
        ref var rw = ref MemoryMarshal.GetArrayDataReference(w);
        ref var rh = ref MemoryMarshal.GetReference(h);
        ref var rn = ref MemoryMarshal.GetReference(next);
        if (rows == 1)
        {
            ValueRow(ref rw, b, inputs, outputs, ref rh, ref rn);
            return;
        }
        for (var r = 0; r < rows; r += RowBlock)
        {
            ref var h0 = ref Unsafe.Add(ref rh, r * width);
            ref var h1 = ref Unsafe.Add(ref h0, width);
            ref var h2 = ref Unsafe.Add(ref h1, width);
            for (var o = 0; o < outputs; o += Block)
            {
                var (a0, a1) = r == 0
                    ? (Vector256.Create(b.AsSpan(o, Lanes)), Vector256.Create(b.AsSpan(o + Lanes, Lanes)))
                    : (Vector256<double>.Zero, Vector256<double>.Zero);
                Vector256<double> b0 = default, b1 = default, c0 = default, c1 = default;
                ref var column = ref Unsafe.Add(ref rw, o);
                for (var i = 0; i < inputs; i++, column = ref Unsafe.Add(ref column, outputs))
                {
                    var (w0, w1) = (Vector256.LoadUnsafe(ref column), Vector256.LoadUnsafe(ref column, Lanes));
                    var x0 = Vector256.Create(Unsafe.Add(ref h0, i));
                    var x1 = Vector256.Create(Unsafe.Add(ref h1, i));
                    var x2 = Vector256.Create(Unsafe.Add(ref h2, i));
                    (a0, a1) = (Vector256.FusedMultiplyAdd(x0, w0, a0), Vector256.FusedMultiplyAdd(x0, w1, a1));
                    (b0, b1) = (Vector256.FusedMultiplyAdd(x1, w0, b0), Vector256.FusedMultiplyAdd(x1, w1, b1));
                    (c0, c1) = (Vector256.FusedMultiplyAdd(x2, w0, c0), Vector256.FusedMultiplyAdd(x2, w1, c1));
                }
                ref var out0 = ref Unsafe.Add(ref rn, r * width + o);
                a0.StoreUnsafe(ref out0);
                a1.StoreUnsafe(ref out0, Lanes);
                b0.StoreUnsafe(ref out0, (nuint)width);
                b1.StoreUnsafe(ref out0, (nuint)(width + Lanes));
                c0.StoreUnsafe(ref out0, (nuint)(2 * width));
                c1.StoreUnsafe(ref out0, (nuint)(2 * width + Lanes));
            }
        }
    }

    // The value alone (no tangents): eight outputs at a time, even and odd inputs in chains of their own.
    static void ValueRow(ref double w, double[] b, int inputs, int outputs, ref double h, ref double next)
    {
        for (var o = 0; o < outputs; o += Block)
        {
            var (a0, a1) = (Vector256.Create(b.AsSpan(o, Lanes)), Vector256.Create(b.AsSpan(o + Lanes, Lanes)));
            Vector256<double> b0 = default, b1 = default;
            ref var column = ref Unsafe.Add(ref w, o);
            var i = 0;
            for (; i + 1 < inputs; i += 2, column = ref Unsafe.Add(ref column, 2 * outputs))
            {
                var (x0, x1) = (Vector256.Create(Unsafe.Add(ref h, i)), Vector256.Create(Unsafe.Add(ref h, i + 1)));
                a0 = Vector256.FusedMultiplyAdd(x0, Vector256.LoadUnsafe(ref column), a0);
                a1 = Vector256.FusedMultiplyAdd(x0, Vector256.LoadUnsafe(ref column, Lanes), a1);
                b0 = Vector256.FusedMultiplyAdd(x1, Vector256.LoadUnsafe(ref column, (nuint)outputs), b0);
                b1 = Vector256.FusedMultiplyAdd(x1, Vector256.LoadUnsafe(ref column, (nuint)(outputs + Lanes)), b1);
            }
            if (i < inputs)
            {
                var x0 = Vector256.Create(Unsafe.Add(ref h, i));
                a0 = Vector256.FusedMultiplyAdd(x0, Vector256.LoadUnsafe(ref column), a0);
                a1 = Vector256.FusedMultiplyAdd(x0, Vector256.LoadUnsafe(ref column, Lanes), a1);
            }
            (a0 + b0).StoreUnsafe(ref next, (nuint)o);
            (a1 + b1).StoreUnsafe(ref next, (nuint)(o + Lanes));
        }
    }

    // Row 0 through the activation; rows 1 … rows − 1 (the tangents) scaled by its slope. tanh s = (e − 1) / (e + 1)
    // with e = exp 2s, s clamped to ±20 where tanh is 1 in double.
    void Activate(Span<double> state, int outputs, int rows, int width)
    {
        for (var o = 0; o < outputs; o += Lanes)
        {
            var s = Vector256.Create(state.Slice(o, Lanes));
            Vector256<double> value, slope;
            if (_tanh)
            {
                var clamped = Vector256.Clamp(s, Vector256.Create(-20.0), Vector256.Create(20.0));
                var e = Vector256.Exp(clamped + clamped);
                value = (e - Vector256<double>.One) / (e + Vector256<double>.One);
                slope = Vector256<double>.One - value * value;
            }
            else
            {
                slope = Vector256.ConditionalSelect(Vector256.GreaterThan(s, Vector256<double>.Zero),
                    Vector256<double>.One, Vector256<double>.Zero);
                value = s * slope;
            }
            value.CopyTo(state.Slice(o, Lanes));
            for (var r = 1; r < rows; r++)
            {
                var tangent = state.Slice(r * width + o, Lanes);
                (Vector256.Create(tangent) * slope).CopyTo(tangent);
            }
        }
    }
}
