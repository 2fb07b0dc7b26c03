using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralIk.Engine.Tensors;

/// <summary>
/// Transposes in 8×8 tiles: with AVX each tile is transposed in eight ymm registers, elsewhere and at
/// the edges element by element. Copies and selects only, so every path gives the same bits.
/// </summary>
public static class Transpose
{
    const int Tile = 8;

    /// <summary>dst[cols, rows] = src[rows, cols]ᵀ.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ReadOnlySpan<float> src, int rows, int cols, Span<float> dst)
    {
        Shapes.Require(src.Length, rows, cols, nameof(src));
        Shapes.Require(dst.Length, cols, rows, nameof(dst));
        ref var s = ref MemoryMarshal.GetReference(src);
        ref var d = ref MemoryMarshal.GetReference(dst);
        var (iTiles, jTiles) = Avx.IsSupported ? (rows / Tile * Tile, cols / Tile * Tile) : (0, 0);
        for (var i = 0; i < iTiles; i += Tile)
        {
            for (var j = 0; j < jTiles; j += Tile)
            {
                var tile = Load(ref Unsafe.Add(ref s, i * cols + j), cols).Transposed();
                tile.Store(ref Unsafe.Add(ref d, j * rows + i), rows);
            }
            for (var j = jTiles; j < cols; j++)
            {
                for (var a = i; a < i + Tile; a++)
                    Unsafe.Add(ref d, j * rows + a) = Unsafe.Add(ref s, a * cols + j);
            }
        }
        for (var i = iTiles; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
                Unsafe.Add(ref d, j * rows + i) = Unsafe.Add(ref s, i * cols + j);
        }
    }

    /// <summary>
    /// From dXᵀ to the delta below a ReLU, for rows i in [i0, i1) of dxT[n, m]: dz[r, i] = dxT[i, r] where
    /// mask[r, i] &gt; 0, else 0 (dz and mask are [m, n]; an empty mask keeps everything), and those rows of
    /// dxT are overwritten with the kept values, so they hold dZᵀ for the next product.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Masked(Span<float> dxT, ReadOnlySpan<float> mask, Span<float> dz, int m, int n, int i0, int i1)
    {
        Shapes.Require(dxT.Length, n, m, nameof(dxT));
        Shapes.RequireOptional(mask.Length, m, n, nameof(mask));
        Shapes.Require(dz.Length, m, n, nameof(dz));
        if (i0 < 0 || i1 > n || i0 > i1)
            throw new ArgumentOutOfRangeException(nameof(i0), $"row range [{i0}, {i1}) is outside [0, {n})");
        ref var t = ref MemoryMarshal.GetReference(dxT);
        ref var z = ref MemoryMarshal.GetReference(dz);
        var masked = !mask.IsEmpty;
        ref var k = ref masked ? ref MemoryMarshal.GetReference(mask) : ref z;
        var (iTiles, rTiles) = Avx.IsSupported ? (i0 + (i1 - i0) / Tile * Tile, m / Tile * Tile) : (i0, 0);
        for (var i = i0; i < iTiles; i += Tile)
        {
            for (var r = 0; r < rTiles; r += Tile)
            {
                ref var tile = ref Unsafe.Add(ref t, i * m + r);
                ref var rows = ref Unsafe.Add(ref z, r * n + i);
                var kept = Load(ref tile, m).Transposed();
                if (masked)
                    kept = kept.Where(Load(ref Unsafe.Add(ref k, r * n + i), n));
                kept.Store(ref rows, n);
                kept.Transposed().Store(ref tile, m);
            }
            MaskedScalar(ref t, ref k, masked, ref z, m, n, i, i + Tile, rTiles);
        }
        MaskedScalar(ref t, ref k, masked, ref z, m, n, iTiles, i1, 0);
    }

    static void MaskedScalar(ref float t, ref float k, bool masked, ref float z, int m, int n, int i0, int i1, int r0)
    {
        for (var i = i0; i < i1; i++)
        {
            for (var r = r0; r < m; r++)
            {
                ref var value = ref Unsafe.Add(ref t, i * m + r);
                if (masked && !(Unsafe.Add(ref k, r * n + i) > 0f))
                    value = 0f;
                Unsafe.Add(ref z, r * n + i) = value;
            }
        }
    }

    static Tile8 Load(ref float src, nint stride) => new()
    {
        R0 = Vector256.LoadUnsafe(ref src),
        R1 = Vector256.LoadUnsafe(ref Unsafe.Add(ref src, stride)),
        R2 = Vector256.LoadUnsafe(ref Unsafe.Add(ref src, 2 * stride)),
        R3 = Vector256.LoadUnsafe(ref Unsafe.Add(ref src, 3 * stride)),
        R4 = Vector256.LoadUnsafe(ref Unsafe.Add(ref src, 4 * stride)),
        R5 = Vector256.LoadUnsafe(ref Unsafe.Add(ref src, 5 * stride)),
        R6 = Vector256.LoadUnsafe(ref Unsafe.Add(ref src, 6 * stride)),
        R7 = Vector256.LoadUnsafe(ref Unsafe.Add(ref src, 7 * stride)),
    };

    /// <summary>Eight rows of eight floats, held in ymm registers.</summary>
    struct Tile8
    {
        public Vector256<float> R0, R1, R2, R3, R4, R5, R6, R7;

        public readonly void Store(ref float dst, nint stride)
        {
            R0.StoreUnsafe(ref dst);
            R1.StoreUnsafe(ref Unsafe.Add(ref dst, stride));
            R2.StoreUnsafe(ref Unsafe.Add(ref dst, 2 * stride));
            R3.StoreUnsafe(ref Unsafe.Add(ref dst, 3 * stride));
            R4.StoreUnsafe(ref Unsafe.Add(ref dst, 4 * stride));
            R5.StoreUnsafe(ref Unsafe.Add(ref dst, 5 * stride));
            R6.StoreUnsafe(ref Unsafe.Add(ref dst, 6 * stride));
            R7.StoreUnsafe(ref Unsafe.Add(ref dst, 7 * stride));
        }

        // Interleave pairs of rows, then pairs of pairs, then swap 128-bit halves.
        public readonly Tile8 Transposed()
        {
            var (t0, t1) = (Avx.UnpackLow(R0, R1), Avx.UnpackHigh(R0, R1));
            var (t2, t3) = (Avx.UnpackLow(R2, R3), Avx.UnpackHigh(R2, R3));
            var (t4, t5) = (Avx.UnpackLow(R4, R5), Avx.UnpackHigh(R4, R5));
            var (t6, t7) = (Avx.UnpackLow(R6, R7), Avx.UnpackHigh(R6, R7));
            var (u0, u1) = (Avx.Shuffle(t0, t2, 0x44), Avx.Shuffle(t0, t2, 0xEE));
            var (u2, u3) = (Avx.Shuffle(t1, t3, 0x44), Avx.Shuffle(t1, t3, 0xEE));
            var (u4, u5) = (Avx.Shuffle(t4, t6, 0x44), Avx.Shuffle(t4, t6, 0xEE));
            var (u6, u7) = (Avx.Shuffle(t5, t7, 0x44), Avx.Shuffle(t5, t7, 0xEE));
            return new()
            {
                R0 = Avx.Permute2x128(u0, u4, 0x20),
                R1 = Avx.Permute2x128(u1, u5, 0x20),
                R2 = Avx.Permute2x128(u2, u6, 0x20),
                R3 = Avx.Permute2x128(u3, u7, 0x20),
                R4 = Avx.Permute2x128(u0, u4, 0x31),
                R5 = Avx.Permute2x128(u1, u5, 0x31),
                R6 = Avx.Permute2x128(u2, u6, 0x31),
                R7 = Avx.Permute2x128(u3, u7, 0x31),
            };
        }

        // Each row where the mask row is > 0, else 0 (a NaN mask drops the value, as the scalar test does).
        public readonly Tile8 Where(in Tile8 mask) => new()
        {
            R0 = Keep(R0, mask.R0),
            R1 = Keep(R1, mask.R1),
            R2 = Keep(R2, mask.R2),
            R3 = Keep(R3, mask.R3),
            R4 = Keep(R4, mask.R4),
            R5 = Keep(R5, mask.R5),
            R6 = Keep(R6, mask.R6),
            R7 = Keep(R7, mask.R7),
        };

        static Vector256<float> Keep(Vector256<float> value, Vector256<float> mask) =>
            Vector256.ConditionalSelect(Vector256.GreaterThan(mask, Vector256<float>.Zero), value,
                Vector256<float>.Zero);
    }
}
