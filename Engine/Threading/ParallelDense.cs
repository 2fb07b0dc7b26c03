using NeuralIk.Engine.Tensors;

namespace NeuralIk.Engine.Threading;

/// <summary>
/// The blocked kernels on two cores: the caller computes the left half of the output columns, the
/// <see cref="SecondCore"/> the right half, split at a block boundary. Each output element is the
/// same sum in the same order either way, so results are bit-identical to one thread.
/// Products too small to repay the hand-off (under <see cref="MinimumMultiplyAdds"/>) stay on the caller.
/// </summary>
public sealed unsafe class ParallelDense : IDenseKernels, IDisposable
{
    /// <summary>Below this many multiply-adds a product runs on one core (a hand-off costs about a microsecond).</summary>
    public const long MinimumMultiplyAdds = 32 * 1024;

    readonly SecondCore _core = new();

    public string Name => "blocked-2-cores";

    public void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias,
        int m, int k, int n, bool relu, Span<float> y)
    {
        var mid = Split(m, k, n);
        if (mid == n)
        {
            DenseBlocked.Forward(x, w, bias, m, k, n, relu, y, 0, n);
            return;
        }
        fixed (float* px = x, pw = w, pb = bias, py = y)
        {
            var job = new Job(Op.Forward, m, k, n, mid, relu, px, x.Length, pw, w.Length, pb, bias.Length, py, y.Length, null, 0);
            _core.Run(&Work, &job);
        }
    }

    public void BackwardData(ReadOnlySpan<float> dy, ReadOnlySpan<float> wt, ReadOnlySpan<float> mask,
        int m, int k, int n, Span<float> dx)
    {
        var mid = Split(m, k, n);
        if (mid == n)
        {
            DenseBlocked.BackwardData(dy, wt, mask, m, k, n, dx, 0, n);
            return;
        }
        fixed (float* pdy = dy, pwt = wt, pmask = mask, pdx = dx)
        {
            var job = new Job(Op.BackwardData, m, k, n, mid, false, pdy, dy.Length, pwt, wt.Length, pmask, mask.Length, pdx, dx.Length, null, 0);
            _core.Run(&Work, &job);
        }
    }

    public void BackwardWeights(ReadOnlySpan<float> x, ReadOnlySpan<float> dy,
        int m, int k, int n, Span<float> dw, Span<float> db)
    {
        var mid = Split(m, k, n);
        if (mid == n)
        {
            DenseBlocked.BackwardWeights(x, dy, m, k, n, dw, db, 0, n);
            return;
        }
        fixed (float* px = x, pdy = dy, pdw = dw, pdb = db)
        {
            var job = new Job(Op.BackwardWeights, m, k, n, mid, false, px, x.Length, pdy, dy.Length, null, 0, pdw, dw.Length, pdb, db.Length);
            _core.Run(&Work, &job);
        }
    }

    /// <summary>The first column of the worker's half, or n when the product is too small to split.</summary>
    static int Split(int m, int k, int n)
    {
        var block = DenseBlocked.BlockWidth;
        if ((long)m * k * n < MinimumMultiplyAdds || n < 2 * block)
            return n;
        return (n / block + 1) / 2 * block;
    }

    static void Work(void* state, int part)
    {
        ref var job = ref *(Job*)state;
        var (j0, j1) = part == 0 ? (0, job.Mid) : (job.Mid, job.N);
        var a = new ReadOnlySpan<float>(job.A, job.ALength);
        var b = new ReadOnlySpan<float>(job.B, job.BLength);
        var c = new ReadOnlySpan<float>(job.C, job.CLength);
        var output = new Span<float>(job.Output, job.OutputLength);
        switch (job.Operation)
        {
            case Op.Forward:
                DenseBlocked.Forward(a, b, c, job.M, job.K, job.N, job.Relu, output, j0, j1);
                break;
            case Op.BackwardData:
                DenseBlocked.BackwardData(a, b, c, job.M, job.K, job.N, output, j0, j1);
                break;
            default:
                DenseBlocked.BackwardWeights(a, b, job.M, job.K, job.N, output, new Span<float>(job.Extra, job.ExtraLength), j0, j1);
                break;
        }
    }

    enum Op { Forward, BackwardData, BackwardWeights }

    readonly struct Job(Op operation, int m, int k, int n, int mid, bool relu,
        float* a, int aLength, float* b, int bLength, float* c, int cLength, float* output, int outputLength, float* extra, int extraLength)
    {
        public readonly Op Operation = operation;
        public readonly int M = m, K = k, N = n, Mid = mid;
        public readonly bool Relu = relu;
        public readonly float* A = a, B = b, C = c, Output = output, Extra = extra;
        public readonly int ALength = aLength, BLength = bLength, CLength = cLength, OutputLength = outputLength, ExtraLength = extraLength;
    }

    public void Dispose() => _core.Dispose();
}
