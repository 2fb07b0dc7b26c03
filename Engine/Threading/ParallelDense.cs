using NeuralIk.Engine.Tensors;

namespace NeuralIk.Engine.Threading;

/// <summary>
/// The blocked kernels on two cores: the rows of the output (of Y, or of dW) are cut into chunks of
/// whole row blocks that the caller and the <see cref="SecondCore"/> take as they come. Rows, not
/// columns: with a column split both cores write every row, and where a split falls inside a cache
/// line that line bounces between them (measured: dW on 2 cores slower than on one at 32×256×128).
/// Each output element is the same sum in the same order whoever computes it, so results are
/// bit-identical to one thread. Products too small to repay the hand-off (under
/// <see cref="MinimumMultiplyAdds"/>, or fewer than two row blocks) stay on the caller.
/// One instance serves one thread at a time (a network being trained).
/// </summary>
public sealed unsafe class ParallelDense : IDenseKernels, IDisposable
{
    /// <summary>Below this many multiply-adds a product runs on one core (a hand-off costs about a µs).</summary>
    public const long MinimumMultiplyAdds = 32 * 1024;

    /// <summary>Most chunks per product: enough to balance two cores, few enough that claiming stays cheap.</summary>
    const int MaxChunks = 8;

    /// <summary>Rows per chunk come in multiples of the micro-kernel's row block.</summary>
    const int RowsPerBlock = 6;

    readonly ProductJob _job = new();

    public SecondCore Core { get; } = new();

    public void Forward(ReadOnlySpan<float> x, int ldx, ReadOnlySpan<float> w, int ldw, ReadOnlySpan<float> bias,
        int m, int k, int n, Activation activation, Span<float> y, int ldy)
    {
        Shapes.CheckForward(x.Length, ldx, w.Length, ldw, bias.Length, m, k, n, y.Length, ldy);
        if (!WorthSplitting(m, k, n))
        {
            DenseBlocked.Instance.Forward(x, ldx, w, ldw, bias, m, k, n, activation, y, ldy);
            return;
        }
        fixed (float* px = x, pw = w, pb = bias, py = y)
        {
            (_job.LdA, _job.LdB, _job.LdOutput) = (ldx, ldw, ldy);
            Run(Op.Forward, m, k, n, activation, 0, m, new(px, x.Length), new(pw, w.Length), new(pb, bias.Length),
                new(py, y.Length));
        }
    }

    public void WeightGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, int lddy,
        int m, int k, int n, Span<float> dw, int i0, int i1)
    {
        Shapes.CheckWeightGradient(x.Length, dy.Length, lddy, m, k, n, dw.Length, i0, i1);
        if (!WorthSplitting(i1 - i0, m, n))
        {
            DenseBlocked.Instance.WeightGradient(x, dy, lddy, m, k, n, dw, i0, i1);
            return;
        }
        fixed (float* px = x, pdy = dy, pdw = dw)
        {
            _job.LdB = lddy;
            Run(Op.WeightGradient, m, k, n, Activation.None, i0, i1, new(px, x.Length), new(pdy, dy.Length), default,
                new(pdw, dw.Length));
        }
    }

    public void BiasGradient(ReadOnlySpan<float> dy, int lddy, int m, int n, Span<float> db) =>
        DenseBlocked.Instance.BiasGradient(dy, lddy, m, n, db);

    static bool WorthSplitting(int rows, int depth, int cols) =>
        (long)rows * depth * cols >= MinimumMultiplyAdds && rows >= 2 * RowsPerBlock;

    // The spans are pinned by the caller's fixed statement for the whole of SecondCore.Run.
    void Run(Op op, int m, int k, int n, Activation activation, int first, int last, Buffer a, Buffer b, Buffer c,
        Buffer output)
    {
        var blocks = (last - first + RowsPerBlock - 1) / RowsPerBlock;
        var blocksPerChunk = (blocks + MaxChunks - 1) / MaxChunks;
        (_job.Operation, _job.M, _job.K, _job.N, _job.Activation) = (op, m, k, n, activation);
        (_job.First, _job.Last, _job.ChunkRows) = (first, last, blocksPerChunk * RowsPerBlock);
        _job.Chunks = (blocks + blocksPerChunk - 1) / blocksPerChunk;
        (_job.A, _job.B, _job.C, _job.Output) = (a, b, c, output);
        Core.Run(_job);
    }

    enum Op { Forward, WeightGradient }

    readonly struct Buffer(float* pointer, int length)
    {
        public Span<float> Span => new(pointer, length);
    }

    sealed class ProductJob : IChunkedJob
    {
        public Op Operation;
        public int M, K, N, First, Last, ChunkRows, LdA, LdB, LdOutput;
        public Activation Activation;
        public Buffer A, B, C, Output;

        public int Chunks { get; set; }

        // Chunk i covers output rows [First + i·ChunkRows, …); the last one also takes the tail.
        public void RunChunk(int chunk)
        {
            var r0 = First + chunk * ChunkRows;
            var r1 = chunk == Chunks - 1 ? Last : r0 + ChunkRows;
            if (Operation == Op.Forward)
            {
                DenseBlocked.Instance.Forward(A.Span[(r0 * LdA)..], LdA, B.Span, LdB, C.Span, r1 - r0, K, N, Activation,
                    Output.Span[(r0 * LdOutput)..], LdOutput);
                return;
            }
            DenseBlocked.Instance.WeightGradient(A.Span, B.Span, LdB, M, K, N, Output.Span[((r0 - First) * N)..], r0,
                r1);
        }
    }

    public void Dispose() => Core.Dispose();
}
