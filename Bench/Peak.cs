using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralIk.Bench;

/// <summary>
/// This machine's single-core fp32 FMA throughput, measured: ten independent FMA chains at the
/// widest accelerated width (enough to cover latency × ports on current x86 cores).
/// </summary>
public static class Peak
{
    static readonly Lazy<double> Measured = new(() => Measure(1));
    static readonly Lazy<double> MeasuredTwo = new(() => Measure(2));

    public static double GflopsPerCore => Measured.Value;

    /// <summary>
    /// Both cores at once: the ceiling for two-core figures. Not assumed to be twice one core, because a
    /// virtual machine's two vCPUs may share one physical core (seen here: some sessions' two-core
    /// training ran at half the speed of others on the same code).
    /// </summary>
    public static double GflopsTwoCores => MeasuredTwo.Value;

    static double Measure(int threads)
    {
        var best = 0.0;
        for (var round = 0; round < 5; round++)
        {
            const long iterations = 20_000_000;
            var clock = Stopwatch.StartNew();
            var flop = 0.0;
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
            {
                var f = Vector512.IsHardwareAccelerated ? Chains512(iterations) : Chains256(iterations);
                lock (clock)
                    flop += f;
            });
            best = Math.Max(best, flop / clock.Elapsed.TotalSeconds / 1e9);
        }
        return best;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    static double Chains256(long iterations)
    {
        var x = Vector256.Create(0.9999999f);
        var y = Vector256.Create(1e-7f);
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default;
        Vector256<float> c5 = default, c6 = default, c7 = default, c8 = default, c9 = default;
        for (long i = 0; i < iterations; i++)
        {
            c0 = Vector256.FusedMultiplyAdd(c0, x, y);
            c1 = Vector256.FusedMultiplyAdd(c1, x, y);
            c2 = Vector256.FusedMultiplyAdd(c2, x, y);
            c3 = Vector256.FusedMultiplyAdd(c3, x, y);
            c4 = Vector256.FusedMultiplyAdd(c4, x, y);
            c5 = Vector256.FusedMultiplyAdd(c5, x, y);
            c6 = Vector256.FusedMultiplyAdd(c6, x, y);
            c7 = Vector256.FusedMultiplyAdd(c7, x, y);
            c8 = Vector256.FusedMultiplyAdd(c8, x, y);
            c9 = Vector256.FusedMultiplyAdd(c9, x, y);
        }
        GC.KeepAlive(Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9));
        return iterations * 10.0 * 2 * Vector256<float>.Count;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    static double Chains512(long iterations)
    {
        var x = Vector512.Create(0.9999999f);
        var y = Vector512.Create(1e-7f);
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default;
        Vector512<float> c5 = default, c6 = default, c7 = default, c8 = default, c9 = default;
        for (long i = 0; i < iterations; i++)
        {
            c0 = Vector512.FusedMultiplyAdd(c0, x, y);
            c1 = Vector512.FusedMultiplyAdd(c1, x, y);
            c2 = Vector512.FusedMultiplyAdd(c2, x, y);
            c3 = Vector512.FusedMultiplyAdd(c3, x, y);
            c4 = Vector512.FusedMultiplyAdd(c4, x, y);
            c5 = Vector512.FusedMultiplyAdd(c5, x, y);
            c6 = Vector512.FusedMultiplyAdd(c6, x, y);
            c7 = Vector512.FusedMultiplyAdd(c7, x, y);
            c8 = Vector512.FusedMultiplyAdd(c8, x, y);
            c9 = Vector512.FusedMultiplyAdd(c9, x, y);
        }
        GC.KeepAlive(Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9));
        return iterations * 10.0 * 2 * Vector512<float>.Count;
    }
}
