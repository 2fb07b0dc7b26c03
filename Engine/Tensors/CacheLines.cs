namespace NeuralIk.Engine.Tensors;

/// <summary>
/// Floats that start on a 64-byte cache line and stay there: a pinned array with up to 15 spare floats in
/// front. Two cores training one network each write their own band of every row of W, of Adam's moments and
/// of the activations; where the rows start off a line, the line across each band boundary is written by both
/// and bounces between them (measured on the seed network: a backward pass on two cores 2× slower than on one,
/// with the parameters 24 bytes into a line). .NET cannot ask an array for alignment, hence the offset.
/// </summary>
internal readonly struct CacheLines
{
    const int LineFloats = 64 / sizeof(float);
    readonly float[] _array;
    readonly int _start;

    public CacheLines(int length)
    {
        _array = GC.AllocateArray<float>(length + LineFloats - 1, pinned: true);
        _start = (LineFloats - Misalignment(_array)) % LineFloats;
        Length = length;
    }

    public int Length { get; }

    public Span<float> Span => _array.AsSpan(_start, Length);

    // Floats from the array's first element back to the line it starts in (elements are 4-byte aligned).
    static unsafe int Misalignment(float[] array)
    {
        fixed (float* first = array)
            return (int)((nint)first % 64) / sizeof(float);
    }
}
