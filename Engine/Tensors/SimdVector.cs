using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralIk.Engine.Tensors;

/// <summary>
/// The few vector operations the blocked kernels need, as static abstract members so one generic
/// kernel serves both widths; the JIT specialises it per struct and keeps the wrappers in registers
/// (measured: same speed as hand-written Vector256 code). <c>Vector512&lt;float&gt;</c> does not
/// satisfy the public ISimdVector constraint in .NET 10, hence this small interface.
/// </summary>
internal interface ISimdVector<TSelf> where TSelf : struct, ISimdVector<TSelf>
{
    static abstract int Count { get; }
    static abstract TSelf Zero { get; }
    static abstract TSelf Load(ref float source);
    static abstract TSelf Broadcast(float value);
    static abstract TSelf MultiplyAdd(TSelf a, TSelf b, TSelf addend);
    static abstract TSelf Add(TSelf a, TSelf b);
    static abstract TSelf Subtract(TSelf a, TSelf b);
    static abstract TSelf Multiply(TSelf a, TSelf b);
    static abstract TSelf Divide(TSelf a, TSelf b);
    static abstract TSelf Sqrt(TSelf a);
    static abstract TSelf ReluMax(TSelf a);
    /// <summary>
    /// 0 where |a| is below the smallest normal float (denormals and −0 become +0), else a; NaN stays.
    /// </summary>
    static abstract TSelf FlushDenormals(TSelf a);
    static abstract void Store(TSelf value, ref float destination);
}

internal readonly struct Simd512 : ISimdVector<Simd512>
{
    readonly Vector512<float> _v;
    Simd512(Vector512<float> v) => _v = v;

    public static int Count => Vector512<float>.Count;
    public static bool IsAccelerated => Vector512.IsHardwareAccelerated;
    public static Simd512 Zero => default;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Load(ref float source) => new(Vector512.LoadUnsafe(ref source));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Broadcast(float value) => new(Vector512.Create(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 MultiplyAdd(Simd512 a, Simd512 b,
        Simd512 addend) => new(Vector512.FusedMultiplyAdd(a._v, b._v, addend._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Add(Simd512 a, Simd512 b) => new(a._v + b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Subtract(Simd512 a, Simd512 b) => new(a._v - b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Multiply(Simd512 a, Simd512 b) => new(a._v * b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Divide(Simd512 a, Simd512 b) => new(a._v / b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Sqrt(Simd512 a) => new(Vector512.Sqrt(a._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 ReluMax(Simd512 a) => new(Vector512.Max(a._v, Vector512<float>.Zero));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Simd512 value, ref float destination) => value._v.StoreUnsafe(ref destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 FlushDenormals(Simd512 a) =>
        new(Vector512.ConditionalSelect(Vector512.LessThan(Vector512.Abs(a._v),
            Vector512.Create(Denormals.SmallestNormal)),
            Vector512<float>.Zero, a._v));
}

internal readonly struct Simd256 : ISimdVector<Simd256>
{
    readonly Vector256<float> _v;
    Simd256(Vector256<float> v) => _v = v;

    public static int Count => Vector256<float>.Count;
    public static bool IsAccelerated => Vector256.IsHardwareAccelerated;
    public static Simd256 Zero => default;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Load(ref float source) => new(Vector256.LoadUnsafe(ref source));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Broadcast(float value) => new(Vector256.Create(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 MultiplyAdd(Simd256 a, Simd256 b,
        Simd256 addend) => new(Vector256.FusedMultiplyAdd(a._v, b._v, addend._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Add(Simd256 a, Simd256 b) => new(a._v + b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Subtract(Simd256 a, Simd256 b) => new(a._v - b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Multiply(Simd256 a, Simd256 b) => new(a._v * b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Divide(Simd256 a, Simd256 b) => new(a._v / b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Sqrt(Simd256 a) => new(Vector256.Sqrt(a._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 ReluMax(Simd256 a) => new(Vector256.Max(a._v, Vector256<float>.Zero));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Simd256 value, ref float destination) => value._v.StoreUnsafe(ref destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 FlushDenormals(Simd256 a) => new(Denormals.Flush(a._v));
}
