using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralIk.Engine.Tensors;

/// <summary>
/// One row times a matrix, y[n] = epilogue(bias + x[k] · B[k, n]): the solver's inference of one target. There the
/// blocked kernel's one-row block waits on its two FMA chains every step, and a narrow output layer (14 columns)
/// runs one scalar chain per column at a time (a Panda guess: 18 µs on Zen 3). Here eight vectors of columns are
/// summed side by side (the last columns by <see cref="TailMatMul"/>), each element still by one chain in the blocked
/// kernel's order (bias, then p = 0, 1, …), so a row gives the same bits alone as in a batch.
/// </summary>
internal static class RowKernel<TV> where TV : struct, ISimdVector<TV>
{
    // y[j] for j in [0, n): B[p, j] = b[p·ldb + j]; bias empty for none. The blocked kernel's split: vectors in
    // strips of two up to the last whole strip, the tail's after it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ReadOnlySpan<float> x, ReadOnlySpan<float> b, int ldb, int depth, int n,
        ReadOnlySpan<float> bias, bool relu, Span<float> y)
    {
        var v = TV.Count;
        var vectors = n / (2 * v) * 2;
        ref var rx = ref MemoryMarshal.GetReference(x);
        ref var rb = ref MemoryMarshal.GetReference(b);
        ref var ry = ref MemoryMarshal.GetReference(y);
        nint next = ldb;
        var j = 0;
        for (; j + 8 * v <= vectors * v; j += 8 * v)
        {
            TV s0 = Start(bias, j), s1 = Start(bias, j + v), s2 = Start(bias, j + 2 * v), s3 = Start(bias, j + 3 * v);
            TV s4 = Start(bias, j + 4 * v), s5 = Start(bias, j + 5 * v), s6 = Start(bias, j + 6 * v);
            var s7 = Start(bias, j + 7 * v);
            ref var row = ref Unsafe.Add(ref rb, j);
            for (var p = 0; p < depth; p++, row = ref Unsafe.Add(ref row, next))
            {
                var xp = TV.Broadcast(Unsafe.Add(ref rx, p));
                s0 = TV.MultiplyAdd(xp, TV.Load(ref row), s0);
                s1 = TV.MultiplyAdd(xp, TV.Load(ref Unsafe.Add(ref row, v)), s1);
                s2 = TV.MultiplyAdd(xp, TV.Load(ref Unsafe.Add(ref row, 2 * v)), s2);
                s3 = TV.MultiplyAdd(xp, TV.Load(ref Unsafe.Add(ref row, 3 * v)), s3);
                s4 = TV.MultiplyAdd(xp, TV.Load(ref Unsafe.Add(ref row, 4 * v)), s4);
                s5 = TV.MultiplyAdd(xp, TV.Load(ref Unsafe.Add(ref row, 5 * v)), s5);
                s6 = TV.MultiplyAdd(xp, TV.Load(ref Unsafe.Add(ref row, 6 * v)), s6);
                s7 = TV.MultiplyAdd(xp, TV.Load(ref Unsafe.Add(ref row, 7 * v)), s7);
            }
            ref var out0 = ref Unsafe.Add(ref ry, j);
            Store(s0, relu, ref out0);
            Store(s1, relu, ref Unsafe.Add(ref out0, v));
            Store(s2, relu, ref Unsafe.Add(ref out0, 2 * v));
            Store(s3, relu, ref Unsafe.Add(ref out0, 3 * v));
            Store(s4, relu, ref Unsafe.Add(ref out0, 4 * v));
            Store(s5, relu, ref Unsafe.Add(ref out0, 5 * v));
            Store(s6, relu, ref Unsafe.Add(ref out0, 6 * v));
            Store(s7, relu, ref Unsafe.Add(ref out0, 7 * v));
        }
        for (; j < vectors * v; j += 2 * v)
        {
            TV s0 = Start(bias, j), s1 = Start(bias, j + v);
            ref var row = ref Unsafe.Add(ref rb, j);
            for (var p = 0; p < depth; p++, row = ref Unsafe.Add(ref row, next))
            {
                var xp = TV.Broadcast(Unsafe.Add(ref rx, p));
                s0 = TV.MultiplyAdd(xp, TV.Load(ref row), s0);
                s1 = TV.MultiplyAdd(xp, TV.Load(ref Unsafe.Add(ref row, v)), s1);
            }
            Store(s0, relu, ref Unsafe.Add(ref ry, j));
            Store(s1, relu, ref Unsafe.Add(ref ry, j + v));
        }
        var tail = new Epilogue { Bias = bias, Relu = relu };
        if (TailMatMul.IsAccelerated)
            TailMatMul.Run(ref rx, depth, 1, ref rb, ldb, 1, depth, ref ry, n, j, n, tail);
        else
            ScalarMatMul.Run(x, depth, 1, b, ldb, 1, depth, y, n, j, n, tail);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static TV Start(ReadOnlySpan<float> bias, int j) =>
        bias.IsEmpty ? TV.Zero : TV.Load(ref Unsafe.Add(ref MemoryMarshal.GetReference(bias), j));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store(TV sum, bool relu, ref float y) =>
        TV.Store(TV.FlushDenormals(relu ? TV.ReluMax(sum) : sum), ref y);
}
