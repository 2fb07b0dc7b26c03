using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NeuralIk.Engine.Tensors;

namespace NeuralIk.Engine.Model;

/// <summary>
/// A trained network's weights in bfloat16 (float32's upper half, rounded to nearest even), to infer one row at a
/// time: half the bytes, so the spatial guess network (23-256-256-256-14: 560 KB in float32) fits a 512 KB L2 where
/// float32 did not. Each weight is widened back (a shift) and summed in float32; biases stay float32; a weight's
/// relative error is at most 2⁻⁹. A copy made once: training the network afterwards does not change it.
/// </summary>
public sealed class Bf16Network
{
    readonly ushort[][] _weights; // per layer W[in, out], row-major
    readonly float[][] _biases;
    readonly int[] _sizes;
    readonly Activation _hidden;

    public Bf16Network(Mlp network)
    {
        (_sizes, _hidden) = ([.. network.Sizes], network.Hidden);
        _weights = new ushort[network.Layers.Count][];
        _biases = new float[network.Layers.Count][];
        var plain = new float[network.ParameterCount];
        network.CopyParametersTo(plain);
        for (var l = 0; l < network.Layers.Count; l++)
        {
            var layer = network.Layers[l];
            _weights[l] = [.. plain.AsSpan(layer.WeightOffset, layer.WeightCount).ToArray().Select(Round)];
            _biases[l] = plain.AsSpan(layer.BiasOffset, layer.Outputs).ToArray();
        }
        ScratchLength = 2 * _sizes.Max();
    }

    public int InputCount => _sizes[0];
    public int OutputCount => _sizes[^1];
    /// <summary>Scratch floats <see cref="Infer"/> needs.</summary>
    public int ScratchLength { get; }

    /// <summary>y[outputs] = network(x[inputs]) in the caller's scratch: any number of threads at once.</summary>
    public void Infer(ReadOnlySpan<float> x, Span<float> y, Span<float> scratch)
    {
        var input = x[..InputCount];
        for (var l = 0; l < _weights.Length; l++)
        {
            var n = _sizes[l + 1];
            var output = l == _weights.Length - 1 ? y[..n] : scratch.Slice(l % 2 * (ScratchLength / 2), n);
            var hidden = l < _weights.Length - 1;
            Row(input, _weights[l], _biases[l], hidden && _hidden == Activation.Relu, output);
            if (hidden && _hidden == Activation.Tanh)
                TanhRows.Apply(output);
            input = output;
        }
    }

    /// <summary>float32 → bfloat16, rounded to nearest, ties to even.</summary>
    public static ushort Round(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        return (ushort)((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);
    }

    /// <summary>bfloat16 → float32, exactly.</summary>
    public static float Widen(ushort value) => BitConverter.UInt32BitsToSingle((uint)value << 16);

    // y[n] = epilogue(b + x[k]·W[k, n]): sixty-four columns (eight float vectors) side by side, then sixteen, then
    // four scalar columns; each element one chain (bias, then p = 0, 1, …).
    static void Row(ReadOnlySpan<float> x, ushort[] w, float[] bias, bool relu, Span<float> y)
    {
        var (k, n) = (x.Length, y.Length);
        ref var rx = ref MemoryMarshal.GetReference(x);
        ref var rw = ref MemoryMarshal.GetArrayDataReference(w);
        var j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; j + 64 <= n; j += 64)
                Columns64(ref rx, k, ref Unsafe.Add(ref rw, j), n, bias.AsSpan(j, 64), relu, y.Slice(j, 64));
            for (; j + 16 <= n; j += 16)
                Columns16(ref rx, k, ref Unsafe.Add(ref rw, j), n, bias.AsSpan(j, 16), relu, y.Slice(j, 16));
        }
        for (; j < n; j++)
        {
            var sum = bias[j];
            for (var p = 0; p < k; p++)
                sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref rx, p), Widen(Unsafe.Add(ref rw, p * n + j)), sum);
            y[j] = Denormals.Flush(relu ? MathF.Max(sum, 0f) : sum);
        }
    }

    static void Columns64(ref float x, int k, ref ushort w, int ldw, ReadOnlySpan<float> bias, bool relu,
        Span<float> y)
    {
        Span<Vector256<float>> s = stackalloc Vector256<float>[8];
        for (var c = 0; c < 8; c++)
            s[c] = Vector256.Create(bias.Slice(8 * c, 8));
        var (s0, s1, s2, s3, s4, s5, s6, s7) = (s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]);
        for (var p = 0; p < k; p++, w = ref Unsafe.Add(ref w, ldw))
        {
            var xp = Vector256.Create(Unsafe.Add(ref x, p));
            var (w0, w1) = Wide(ref w);
            var (w2, w3) = Wide(ref Unsafe.Add(ref w, 16));
            var (w4, w5) = Wide(ref Unsafe.Add(ref w, 32));
            var (w6, w7) = Wide(ref Unsafe.Add(ref w, 48));
            s0 = Vector256.FusedMultiplyAdd(xp, w0, s0);
            s1 = Vector256.FusedMultiplyAdd(xp, w1, s1);
            s2 = Vector256.FusedMultiplyAdd(xp, w2, s2);
            s3 = Vector256.FusedMultiplyAdd(xp, w3, s3);
            s4 = Vector256.FusedMultiplyAdd(xp, w4, s4);
            s5 = Vector256.FusedMultiplyAdd(xp, w5, s5);
            s6 = Vector256.FusedMultiplyAdd(xp, w6, s6);
            s7 = Vector256.FusedMultiplyAdd(xp, w7, s7);
        }
        (s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]) = (s0, s1, s2, s3, s4, s5, s6, s7);
        for (var c = 0; c < 8; c++)
            Store(s[c], relu, y.Slice(8 * c, 8));
    }

    static void Columns16(ref float x, int k, ref ushort w, int ldw, ReadOnlySpan<float> bias, bool relu,
        Span<float> y)
    {
        var (s0, s1) = (Vector256.Create(bias[..8]), Vector256.Create(bias.Slice(8, 8)));
        for (var p = 0; p < k; p++, w = ref Unsafe.Add(ref w, ldw))
        {
            var xp = Vector256.Create(Unsafe.Add(ref x, p));
            var (w0, w1) = Wide(ref w);
            s0 = Vector256.FusedMultiplyAdd(xp, w0, s0);
            s1 = Vector256.FusedMultiplyAdd(xp, w1, s1);
        }
        Store(s0, relu, y[..8]);
        Store(s1, relu, y.Slice(8, 8));
    }

    // Sixteen bfloat16 as two vectors of eight float32.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static (Vector256<float> Low, Vector256<float> High) Wide(ref ushort w)
    {
        var (low, high) = Vector256.Widen(Vector256.LoadUnsafe(ref w));
        return (Vector256.ShiftLeft(low, 16).AsSingle(), Vector256.ShiftLeft(high, 16).AsSingle());
    }

    static void Store(Vector256<float> sum, bool relu, Span<float> y)
    {
        var kept = relu ? Vector256.Max(sum, Vector256<float>.Zero) : sum;
        var tiny = Vector256.LessThan(Vector256.Abs(kept), Vector256.Create(Denormals.SmallestNormal));
        Vector256.ConditionalSelect(tiny, Vector256<float>.Zero, kept).CopyTo(y);
    }
}
