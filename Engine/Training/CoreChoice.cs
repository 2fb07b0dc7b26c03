using System.Diagnostics;

namespace NeuralIk.Engine.Training;

/// <summary>
/// Whether the next training step runs on two cores or on the caller alone: whichever was faster in the last
/// trial. A trial runs a block of steps each way and times the last <see cref="TrialSteps"/> of each (the
/// first <see cref="WarmSteps"/> bring each band's weights and moments back to the core that owns it; the
/// median, so a step stalled by the GC or the host does not decide); then the faster way runs
/// <see cref="RunSteps"/> steps before the next trial. Two cores pay only if their vCPUs are close: a host that
/// puts them far apart (seen here: a cache line's round trip 350, 510, then 1,000 ns within one session) or
/// lends the second one to a neighbour makes a two-core step as slow as one core's or slower. One core and two
/// give the same bits, so the choice changes the speed only.
/// </summary>
internal sealed class CoreChoice(Func<long>? clock = null)
{
    internal const int WarmSteps = 8;
    internal const int TrialSteps = 24;
    internal const int RunSteps = 800;
    const int Block = WarmSteps + TrialSteps;
    readonly long[][] _trial = [new long[TrialSteps], new long[TrialSteps]];
    readonly long[] _sorted = new long[TrialSteps];
    readonly Func<long> _clock = clock ?? Stopwatch.GetTimestamp;
    int _step;
    long _start;

    /// <summary>Steps run on two cores and in all, since training began.</summary>
    public (long TwoCores, long All) Counts { get; private set; }

    /// <summary>The way the next step runs.</summary>
    public bool TwoCores { get; private set; } = true;

    /// <summary>Call before each step; <see cref="TwoCores"/> then says how it runs.</summary>
    public void Begin()
    {
        if (Period < 2 * Block)
            TwoCores = Period < Block;
        else if (Period == 2 * Block)
            TwoCores = Median(_trial[1]) <= Median(_trial[0]);
        _start = _clock();
    }

    /// <summary>Call after each step.</summary>
    public void End()
    {
        if (Period < 2 * Block && Period % Block >= WarmSteps)
            _trial[TwoCores ? 1 : 0][Period % Block - WarmSteps] = _clock() - _start;
        Counts = (Counts.TwoCores + (TwoCores ? 1 : 0), Counts.All + 1);
        _step++;
    }

    // Where this step falls in the cycle of a trial (two blocks) and a run.
    int Period => _step % (2 * Block + RunSteps);

    // In a scratch array: a step allocates nothing.
    long Median(long[] ticks)
    {
        ticks.CopyTo(_sorted, 0);
        Array.Sort(_sorted);
        return _sorted[TrialSteps / 2];
    }
}
