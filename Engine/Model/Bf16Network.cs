using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NeuralIk.Engine.Tensors;

namespace NeuralIk.Engine.Model;

/// <summary>
/// A trained network's weights in bfloat16 (float32's upper half, rounded to nearest even), to infer one row at a
/// time: half the bytes, so the spatial guess network (23-256-256-256-14: 560 KB in float32) fits a 512 KB L2 where
/// float32 did not. Each weight is widened back and summed in float32; biases stay float32; a weight's relative error
/// is at most 2⁻⁹. Within each row of W, columns j and j + 8 of every 16 share one 32-bit word (j in its low half), so
/// one 256-bit load gives sixteen columns as two float vectors, one by a shift and one by a mask: two operations for
/// two FMAs (widening each half on its own took three for one, and made the pass slower than float32's). Layers are
/// padded to whole strips of 16 columns with zero weights; each strip of columns is stored row after row, so a pass
/// reads its weights in order. A copy made once: training the network afterwards does
/// not change it.
/// </summary>
public sealed class Bf16Network
{
    const int Strip = 16;
    readonly uint[][] _weights; // per layer: strips of W[in, 64 or 16 columns / 2], paired columns (Locate)
    readonly float[][] _biases; // per layer, padded with zeros
    readonly int[] _sizes;
    readonly Activation _hidden;

    public Bf16Network(Mlp network)
    {
        (_sizes, _hidden) = ([.. network.Sizes], network.Hidden);
        _weights = new uint[network.Layers.Count][];
        _biases = new float[network.Layers.Count][];
        var plain = new float[network.ParameterCount];
        network.CopyParametersTo(plain);
        for (var l = 0; l < network.Layers.Count; l++)
        {
            var layer = network.Layers[l];
            var (k, n, padded) = (layer.Inputs, layer.Outputs, Padded(layer.Outputs));
            var at = layer.WeightOffset;
            _weights[l] = new uint[k * padded / 2];
            for (var p = 0; p < k; p++)
            {
                for (var j = 0; j < n; j++)
                {
                    var (word, low) = Locate(p, j, k, padded);
                    _weights[l][word] |= (uint)Round(plain[at + p * n + j]) << (low ? 0 : 16);
                }
            }
            _biases[l] = new float[padded];
            plain.AsSpan(layer.BiasOffset, n).CopyTo(_biases[l]);
        }
        ScratchLength = 2 * _sizes.Max(Padded);
    }

    public int InputCount => _sizes[0];
    public int OutputCount => _sizes[^1];
    /// <summary>Scratch floats <see cref="Infer"/> needs.</summary>
    public int ScratchLength { get; }

    /// <summary>
    /// y[outputs] = network(x[inputs]) in the caller's scratch: any number of threads at once. With
    /// <paramref name="reluOutput"/>, y through ReLU too (a trunk whose outputs feed another layer).
    /// </summary>
    public void Infer(ReadOnlySpan<float> x, Span<float> y, Span<float> scratch, bool reluOutput = false)
    {
        var input = x[..InputCount];
        for (var l = 0; l < _weights.Length; l++)
        {
            var (n, padded) = (_sizes[l + 1], Padded(_sizes[l + 1]));
            var output = scratch.Slice(l % 2 * (ScratchLength / 2), padded);
            var hidden = l < _weights.Length - 1;
            Row(input, _weights[l], _biases[l], hidden ? _hidden == Activation.Relu : reluOutput, output);
            if (hidden && _hidden == Activation.Tanh)
                TanhRows.Apply(output[..n]);
            input = output[..n];
        }
        input.CopyTo(y);
    }

    /// <summary>
    /// y[outputs] = network(x[inputs]) for one row: read from <paramref name="compact"/> (the network's bfloat16 copy)
    /// where given, else from <paramref name="plain"/> in float32; with <paramref name="reluOutput"/>, through ReLU.
    /// </summary>
    // The scratch is written before it is read: not cleared on every call.
    [SkipLocalsInit]
    public static void InferRow(Mlp plain, Bf16Network? compact, ReadOnlySpan<float> x, Span<float> y,
        bool reluOutput = false)
    {
        Span<float> scratch = stackalloc float[compact?.ScratchLength ?? plain.InferScratchLength(1)];
        if (compact is not null)
        {
            compact.Infer(x, y, scratch, reluOutput);
            return;
        }
        plain.Infer(x, 1, y, scratch);
        for (var i = 0; reluOutput && i < y.Length; i++)
            y[i] = Math.Max(y[i], 0f);
    }

    /// <summary>float32 → bfloat16, rounded to nearest, ties to even.</summary>
    public static ushort Round(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        return (ushort)((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);
    }

    /// <summary>bfloat16 → float32, exactly.</summary>
    public static float Widen(ushort value) => BitConverter.UInt32BitsToSingle((uint)value << 16);

    static int Padded(int n) => (n + Strip - 1) / Strip * Strip;

    // Where the weight of input p for column j lies in a layer of k inputs and `padded` columns: strips of 64 columns,
    // then of 16, each strip's rows one after the other (a pass streams its strip in order), columns j and j + 8 of
    // every 16 sharing a word (j in the low half).
    static (int Word, bool Low) Locate(int p, int j, int k, int padded)
    {
        var wide = padded / 64 * 64;
        var (start, width) = j < wide ? (j / 64 * 64, 64) : (wide + (j - wide) / Strip * Strip, Strip);
        var within = j - start;
        return (start * k / 2 + p * width / 2 + within / Strip * (Strip / 2) + within % (Strip / 2),
            within % Strip < Strip / 2);
    }

    // y[n] = epilogue(b + x[k]·W[k, n]) for n padded to strips of 16: sixty-four columns (eight float vectors) side by
    // side, then sixteen; each element one chain (bias, then p = 0, 1, …).
    // Inputs that are zero (half of a ReLU layer's, typically) add nothing and are skipped: the vector loops run over
    // the others' indices, so a hidden layer's pass reads about half its weights.
    [SkipLocalsInit]
    static void Row(ReadOnlySpan<float> x, uint[] w, float[] bias, bool relu, Span<float> y)
    {
        var (k, n) = (x.Length, y.Length);
        ref var rx = ref MemoryMarshal.GetReference(x);
        ref var rw = ref MemoryMarshal.GetArrayDataReference(w);
        var j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Span<int> live = k <= 1024 ? stackalloc int[k] : new int[k];
            ref var rl = ref MemoryMarshal.GetReference(live);
            var count = 0;
            for (var p = 0; p < k; p++)
            {
                // Without a branch (a ReLU layer's zeros fall at random): 1 where x[p] is not ±0.
                var bits = BitConverter.SingleToUInt32Bits(Unsafe.Add(ref rx, p)) << 1;
                Unsafe.Add(ref rl, count) = p;
                count += (int)((bits | (0u - bits)) >> 31);
            }
            live = live[..count];
            for (; j + 64 <= n; j += 64)
                Columns64(ref rx, live, ref Unsafe.Add(ref rw, j * k / 2), 32, bias.AsSpan(j, 64), relu,
                    y.Slice(j, 64));
            for (; j < n; j += Strip)
                Columns16(ref rx, live, ref Unsafe.Add(ref rw, j * k / 2), Strip / 2, bias.AsSpan(j, Strip), relu,
                    y.Slice(j, Strip));
        }
        for (; j < n; j++)
        {
            var sum = bias[j];
            for (var p = 0; p < k; p++)
            {
                var (word, low) = Locate(p, j, k, n);
                var bits = Unsafe.Add(ref rw, word) << (low ? 16 : 0) & 0xFFFF0000;
                sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref rx, p), BitConverter.UInt32BitsToSingle(bits), sum);
            }
            y[j] = Denormals.Flush(relu ? MathF.Max(sum, 0f) : sum);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Columns64(ref float x, ReadOnlySpan<int> live, ref uint w, int ldw, ReadOnlySpan<float> bias,
        bool relu, Span<float> y)
    {
        Span<Vector256<float>> s = stackalloc Vector256<float>[8];
        for (var c = 0; c < 8; c++)
            s[c] = Vector256.Create(bias.Slice(8 * c, 8));
        var (s0, s1, s2, s3, s4, s5, s6, s7) = (s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]);
        // Each load widened and used at once: eight widened vectors held together spilled two sums to the stack
        // (16 ymm registers), and the pass ran at a quarter of its speed.
        var mask = Vector256.Create(0xFFFF0000u);
        foreach (var p in live)
        {
            var xp = Vector256.Create(Unsafe.Add(ref x, p));
            ref var wp = ref Unsafe.Add(ref w, p * ldw);
            var words = Vector256.LoadUnsafe(ref wp);
            s0 = Vector256.FusedMultiplyAdd(xp, Vector256.ShiftLeft(words, 16).AsSingle(), s0);
            s1 = Vector256.FusedMultiplyAdd(xp, (words & mask).AsSingle(), s1);
            words = Vector256.LoadUnsafe(ref Unsafe.Add(ref wp, 8));
            s2 = Vector256.FusedMultiplyAdd(xp, Vector256.ShiftLeft(words, 16).AsSingle(), s2);
            s3 = Vector256.FusedMultiplyAdd(xp, (words & mask).AsSingle(), s3);
            words = Vector256.LoadUnsafe(ref Unsafe.Add(ref wp, 16));
            s4 = Vector256.FusedMultiplyAdd(xp, Vector256.ShiftLeft(words, 16).AsSingle(), s4);
            s5 = Vector256.FusedMultiplyAdd(xp, (words & mask).AsSingle(), s5);
            words = Vector256.LoadUnsafe(ref Unsafe.Add(ref wp, 24));
            s6 = Vector256.FusedMultiplyAdd(xp, Vector256.ShiftLeft(words, 16).AsSingle(), s6);
            s7 = Vector256.FusedMultiplyAdd(xp, (words & mask).AsSingle(), s7);
        }
        (s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]) = (s0, s1, s2, s3, s4, s5, s6, s7);
        for (var c = 0; c < 8; c++)
            Store(s[c], relu, y.Slice(8 * c, 8));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Columns16(ref float x, ReadOnlySpan<int> live, ref uint w, int ldw, ReadOnlySpan<float> bias,
        bool relu, Span<float> y)
    {
        var (s0, s1) = (Vector256.Create(bias[..8]), Vector256.Create(bias.Slice(8, 8)));
        foreach (var p in live)
        {
            var xp = Vector256.Create(Unsafe.Add(ref x, p));
            var (w0, w1) = Wide(ref Unsafe.Add(ref w, p * ldw));
            s0 = Vector256.FusedMultiplyAdd(xp, w0, s0);
            s1 = Vector256.FusedMultiplyAdd(xp, w1, s1);
        }
        Store(s0, relu, y[..8]);
        Store(s1, relu, y.Slice(8, 8));
    }

    // Eight words as two vectors of eight float32: their low halves (shifted up) and their high halves (masked).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static (Vector256<float> Low, Vector256<float> High) Wide(ref uint w)
    {
        var words = Vector256.LoadUnsafe(ref w);
        return (Vector256.ShiftLeft(words, 16).AsSingle(), (words & Vector256.Create(0xFFFF0000u)).AsSingle());
    }

    static void Store(Vector256<float> sum, bool relu, Span<float> y) =>
        Denormals.Flush(relu ? Vector256.Max(sum, Vector256<float>.Zero) : sum).CopyTo(y);
}
