using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralIk.Engine.Tensors;

/// <summary>
/// dst[cols, rows] = src[rows, cols]ᵀ in 8×8 tiles: with AVX each tile is transposed in eight ymm
/// registers (the scalar loop cost 50 µs per 256×256 matrix, a third of a seed step), elsewhere and
/// at the edges element by element. A copy, so every path gives the same bits.
/// </summary>
public static class Transpose
{
    const int Tile = 8;
    const int Block = 2 * Tile;

    public static void Run(ReadOnlySpan<float> src, int rows, int cols, Span<float> dst) => Rows(src, rows, cols, dst, 0, rows);

    /// <summary>Only rows [r0, r1) of src, into columns [r0, r1) of dst.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Rows(ReadOnlySpan<float> src, int rows, int cols, Span<float> dst, int r0, int r1)
    {
        Shapes.Require(src.Length, rows, cols, nameof(src));
        Shapes.Require(dst.Length, cols, rows, nameof(dst));
        if (r0 < 0 || r1 > rows || r0 > r1)
            throw new ArgumentOutOfRangeException(nameof(r0), $"row range [{r0}, {r1}) is outside [0, {rows})");
        ref var s = ref MemoryMarshal.GetReference(src);
        ref var d = ref MemoryMarshal.GetReference(dst);
        var (iTiles, jTiles) = Avx.IsSupported ? (r0 + (r1 - r0) / Block * Block, cols / Block * Block) : (r0, 0);
        for (var i = r0; i < iTiles; i += Block)
        {
            // 16 × 16 blocks: every cache line read or written is used whole before it is left (with
            // 8 × 8 tiles each line of dst was written in two halves, far apart: measured 3× slower).
            for (var j = 0; j < jTiles; j += Block)
            {
                ref var from = ref Unsafe.Add(ref s, i * cols + j);
                ref var to = ref Unsafe.Add(ref d, j * rows + i);
                TileAvx(ref from, cols, ref to, rows);
                TileAvx(ref Unsafe.Add(ref from, Tile), cols, ref Unsafe.Add(ref to, Tile * rows), rows);
                TileAvx(ref Unsafe.Add(ref from, Tile * cols), cols, ref Unsafe.Add(ref to, Tile), rows);
                TileAvx(ref Unsafe.Add(ref from, Tile * cols + Tile), cols, ref Unsafe.Add(ref to, Tile * rows + Tile), rows);
            }
            Scalar(ref s, rows, cols, ref d, i, i + Block, jTiles);
        }
        Scalar(ref s, rows, cols, ref d, iTiles, r1, 0);
    }

    // dst[j, i] = src[i, j] for i in [i0, i1), j in [j0, cols)
    static void Scalar(ref float src, int rows, int cols, ref float dst, int i0, int i1, int j0)
    {
        for (var i = i0; i < i1; i++)
        {
            for (var j = j0; j < cols; j++)
                Unsafe.Add(ref dst, j * rows + i) = Unsafe.Add(ref src, i * cols + j);
        }
    }

    // An 8×8 tile: interleave pairs of rows, then pairs of pairs, then swap 128-bit halves.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void TileAvx(ref float src, nint srcStride, ref float dst, nint dstStride)
    {
        var r0 = Vector256.LoadUnsafe(ref src);
        var r1 = Vector256.LoadUnsafe(ref Unsafe.Add(ref src, srcStride));
        var r2 = Vector256.LoadUnsafe(ref Unsafe.Add(ref src, 2 * srcStride));
        var r3 = Vector256.LoadUnsafe(ref Unsafe.Add(ref src, 3 * srcStride));
        var r4 = Vector256.LoadUnsafe(ref Unsafe.Add(ref src, 4 * srcStride));
        var r5 = Vector256.LoadUnsafe(ref Unsafe.Add(ref src, 5 * srcStride));
        var r6 = Vector256.LoadUnsafe(ref Unsafe.Add(ref src, 6 * srcStride));
        var r7 = Vector256.LoadUnsafe(ref Unsafe.Add(ref src, 7 * srcStride));
        var (t0, t1) = (Avx.UnpackLow(r0, r1), Avx.UnpackHigh(r0, r1));
        var (t2, t3) = (Avx.UnpackLow(r2, r3), Avx.UnpackHigh(r2, r3));
        var (t4, t5) = (Avx.UnpackLow(r4, r5), Avx.UnpackHigh(r4, r5));
        var (t6, t7) = (Avx.UnpackLow(r6, r7), Avx.UnpackHigh(r6, r7));
        var (u0, u1) = (Avx.Shuffle(t0, t2, 0x44), Avx.Shuffle(t0, t2, 0xEE));
        var (u2, u3) = (Avx.Shuffle(t1, t3, 0x44), Avx.Shuffle(t1, t3, 0xEE));
        var (u4, u5) = (Avx.Shuffle(t4, t6, 0x44), Avx.Shuffle(t4, t6, 0xEE));
        var (u6, u7) = (Avx.Shuffle(t5, t7, 0x44), Avx.Shuffle(t5, t7, 0xEE));
        Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref dst);
        Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref Unsafe.Add(ref dst, dstStride));
        Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref Unsafe.Add(ref dst, 2 * dstStride));
        Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref Unsafe.Add(ref dst, 3 * dstStride));
        Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref Unsafe.Add(ref dst, 4 * dstStride));
        Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref Unsafe.Add(ref dst, 5 * dstStride));
        Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref Unsafe.Add(ref dst, 6 * dstStride));
        Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref Unsafe.Add(ref dst, 7 * dstStride));
    }
}
