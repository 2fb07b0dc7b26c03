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
            Run(Op.Forward, m, k, n, relu, new(px, x.Length), new(pw, w.Length), new(pb, bias.Length), new(py, y.Length), default);
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
            Run(Op.BackwardData, m, k, n, false, new(pdy, dy.Length), new(pwt, wt.Length), new(pmask, mask.Length), new(pdx, dx.Length), default);
    }

    public void BackwardWeights(ReadOnlySpan<float> x, ReadOnlySpan<float> dy,
        int m, int k, int n, Span<float> dw, Span<float> db)
    {
        Shapes.CheckBackwardWeights(x.Length, dy.Length, m, k, n, dw.Length, db.Length);
        if (!WorthSplitting(m, k, n))
        {
            DenseBlocked.BackwardWeights(x, dy, m, k, n, dw, db, 0, n);
            return;
        }
        fixed (float* px = x, pdy = dy, pdw = dw, pdb = db)
            Run(Op.BackwardWeights, m, k, n, false, new(px, x.Length), new(pdy, dy.Length), default, new(pdw, dw.Length), new(pdb, db.Length));
    }

    /// <summary>At most this many chunks per product: enough to balance two cores, few enough that claiming stays cheap.</summary>
    const int MaxChunks = 8;

    static bool WorthSplitting(int m, int k, int n) =>
        (long)m * k * n >= MinimumMultiplyAdds && n >= 2 * DenseBlocked.BlockWidth;

    // The spans are pinned by the caller's fixed statement for the whole of SecondCore.Run.
    void Run(Op op, int m, int k, int n, bool relu, Buffer a, Buffer b, Buffer c, Buffer output, Buffer extra)
    {
        var strips = n / DenseBlocked.BlockWidth;
        var stripsPerChunk = (strips + MaxChunks - 1) / MaxChunks;
        (_job.Operation, _job.M, _job.K, _job.N, _job.Relu) = (op, m, k, n, relu);
        (_job.ChunkWidth, _job.Chunks) = (stripsPerChunk * DenseBlocked.BlockWidth, (strips + stripsPerChunk - 1) / stripsPerChunk);
        (_job.A, _job.B, _job.C, _job.Output, _job.Extra) = (a, b, c, output, extra);
        Core.Run(_job);
    }

    enum Op { Forward, BackwardData, BackwardWeights }

    readonly struct Buffer(float* pointer, int length)
    {
        public Span<float> Span => new(pointer, length);
    }

    sealed class ProductJob : IChunkedJob
    {
        public Op Operation;
        public int M, K, N, ChunkWidth;
        public bool Relu;
        public Buffer A, B, C, Output, Extra;

        public int Chunks { get; set; }

        // Chunk i covers whole column strips; the last one also takes the scalar tail columns.
        public void RunChunk(int chunk)
        {
            var j0 = chunk * ChunkWidth;
            var j1 = chunk == Chunks - 1 ? N : j0 + ChunkWidth;
            switch (Operation)
            {
                case Op.Forward:
                    DenseBlocked.Forward(A.Span, B.Span, C.Span, M, K, N, Relu, Output.Span, j0, j1);
                    break;
                case Op.BackwardData:
                    DenseBlocked.BackwardData(A.Span, B.Span, C.Span, M, K, N, Output.Span, j0, j1);
                    break;
                default:
                    DenseBlocked.BackwardWeights(A.Span, B.Span, M, K, N, Output.Span, Extra.Span, j0, j1);
                    break;
            }
        }
    }

    public void Dispose() => Core.Dispose();
}
