using NeuralIk.Engine.Tensors;

namespace NeuralIk.Engine.Threading;

/// <summary>
/// The blocked kernels on two cores: the output columns are cut into chunks of whole column strips
/// that the caller and the <see cref="SecondCore"/> take as they come. Each output element is the
/// same sum in the same order whoever computes it, so results are bit-identical to one thread.
/// Products too small to repay the hand-off (under <see cref="MinimumMultiplyAdds"/>) stay on the caller.
/// One instance serves one thread at a time (a network being trained).
/// </summary>
public sealed unsafe class ParallelDense : IDenseKernels, IDisposable
{
    /// <summary>Below this many multiply-adds a product runs on one core (a hand-off costs about a microsecond).</summary>
    public const long MinimumMultiplyAdds = 32 * 1024;

    readonly ProductJob _job = new();

    public SecondCore Core { get; } = new();

    public string Name => "blocked-2-cores";

    public void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias,
        int m, int k, int n, bool relu, Span<float> y)
    {
        Shapes.CheckForward(x.Length, w.Length, bias.Length, m, k, n, y.Length);
        if (!WorthSplitting(m, k, n))
        {
            DenseBlocked.Forward(x, w, bias, m, k, n, relu, y, 0, n);
            return;
        }
        fixed (float* px = x, pw = w, pb = bias, py = y)
            Run(Op.Forward, m, k, n, relu, new(px, x.Length), new(pw, w.Length), new(pb, bias.Length), new(py, y.Length));
    }

    public void BackwardData(ReadOnlySpan<float> dy, ReadOnlySpan<float> wt, ReadOnlySpan<float> mask,
        int m, int k, int n, Span<float> dx)
    {
        Shapes.CheckBackwardData(dy.Length, wt.Length, mask.Length, m, k, n, dx.Length);
        if (!WorthSplitting(m, k, n))
        {
            DenseBlocked.BackwardData(dy, wt, mask, m, k, n, dx, 0, n);
            return;
        }
        fixed (float* pdy = dy, pwt = wt, pmask = mask, pdx = dx)
            Run(Op.BackwardData, m, k, n, false, new(pdy, dy.Length), new(pwt, wt.Length), new(pmask, mask.Length), new(pdx, dx.Length));
    }

    public void WeightGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> dy,
        int m, int k, int n, Span<float> dw, int i0, int i1)
    {
        Shapes.CheckWeightGradient(x.Length, dy.Length, m, k, n, dw.Length, i0, i1);
        var rows = i1 - i0;
        if ((long)m * rows * n < MinimumMultiplyAdds || rows < 2 * RowsPerBlock)
        {
            DenseBlocked.Instance.WeightGradient(x, dy, m, k, n, dw, i0, i1);
            return;
        }
        // By rows of dW, not by columns: a column split makes both cores write every row of dW, and
        // where a split falls inside a cache line that line bounces between them (measured: 2 cores
        // slower than one at 32×256×128).
        var blocks = (rows + RowsPerBlock - 1) / RowsPerBlock;
        var blocksPerChunk = (blocks + MaxChunks - 1) / MaxChunks;
        (_job.Operation, _job.M, _job.K, _job.N, _job.Relu) = (Op.WeightGradient, m, k, n, false);
        (_job.First, _job.Last, _job.ChunkWidth) = (i0, i1, blocksPerChunk * RowsPerBlock);
        _job.Chunks = (blocks + blocksPerChunk - 1) / blocksPerChunk;
        fixed (float* px = x, pdy = dy, pdw = dw)
        {
            (_job.A, _job.B, _job.Output) = (new(px, x.Length), new(pdy, dy.Length), new(pdw, dw.Length));
            Core.Run(_job);
        }
    }

    public void BiasGradient(ReadOnlySpan<float> dy, int m, int n, Span<float> db) =>
        DenseBlocked.Instance.BiasGradient(dy, m, n, db);

    /// <summary>Rows of dW per chunk come in multiples of the micro-kernel's row block.</summary>
    const int RowsPerBlock = 6;

    /// <summary>At most this many chunks per product: enough to balance two cores, few enough that claiming stays cheap.</summary>
    const int MaxChunks = 8;

    static bool WorthSplitting(int m, int k, int n) =>
        (long)m * k * n >= MinimumMultiplyAdds && n >= 2 * DenseBlocked.BlockWidth;

    // The spans are pinned by the caller's fixed statement for the whole of SecondCore.Run.
    void Run(Op op, int m, int k, int n, bool relu, Buffer a, Buffer b, Buffer c, Buffer output)
    {
        var strips = n / DenseBlocked.BlockWidth;
        var stripsPerChunk = (strips + MaxChunks - 1) / MaxChunks;
        (_job.Operation, _job.M, _job.K, _job.N, _job.Relu) = (op, m, k, n, relu);
        (_job.First, _job.Last) = (0, n);
        (_job.ChunkWidth, _job.Chunks) = (stripsPerChunk * DenseBlocked.BlockWidth, (strips + stripsPerChunk - 1) / stripsPerChunk);
        (_job.A, _job.B, _job.C, _job.Output) = (a, b, c, output);
        Core.Run(_job);
    }

    enum Op { Forward, BackwardData, WeightGradient }

    readonly struct Buffer(float* pointer, int length)
    {
        public Span<float> Span => new(pointer, length);
    }

    sealed class ProductJob : IChunkedJob
    {
        public Op Operation;
        public int M, K, N, First, Last, ChunkWidth;
        public bool Relu;
        public Buffer A, B, C, Output;

        public int Chunks { get; set; }

        // Chunk i covers [First + i·ChunkWidth, …) of the split dimension (output columns, or rows of dW);
        // the last one also takes the tail.
        public void RunChunk(int chunk)
        {
            var j0 = First + chunk * ChunkWidth;
            var j1 = chunk == Chunks - 1 ? Last : j0 + ChunkWidth;
            switch (Operation)
            {
                case Op.Forward:
                    DenseBlocked.Forward(A.Span, B.Span, C.Span, M, K, N, Relu, Output.Span, j0, j1);
                    break;
                case Op.BackwardData:
                    DenseBlocked.BackwardData(A.Span, B.Span, C.Span, M, K, N, Output.Span, j0, j1);
                    break;
                default:
                    DenseBlocked.Instance.WeightGradient(A.Span, B.Span, M, K, N, Output.Span[((j0 - First) * N)..], j0, j1);
                    break;
            }
        }
    }

    public void Dispose() => Core.Dispose();
}
