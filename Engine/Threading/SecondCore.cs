using System.Diagnostics;

namespace NeuralIk.Engine.Threading;

/// <summary>
/// One persistent worker thread that shares jobs with the caller. Both take chunks from one counter,
/// so if the worker is preempted (the JIT's tier-up thread or the GC wants a core too) the caller
/// simply takes the rest; a fixed half would stall the caller for a whole scheduler timeslice
/// (measured: 20–35 ms stalls in early epochs). The counter holds the job's generation in its high
/// half and chunks are claimed by compare-and-swap on both, so a late worker never runs a chunk of
/// a job it did not read.
/// A training step posts a job every few microseconds, so the worker busy-waits and only blocks
/// after <see cref="SpinMilliseconds"/> without work, so an idle model costs nothing. The spin loops
/// have no PAUSE (Thread.SpinWait): under KVM a vCPU spinning on PAUSE is descheduled by pause-loop
/// exiting (measured: a product posted after a 50 µs gap took 75 µs on two cores instead of 32).
/// Jobs are objects the caller allocates once and reuses, so posting one allocates nothing.
/// </summary>
public sealed class SecondCore : IDisposable
{
    const double SpinMilliseconds = 1.0;
    readonly Thread _thread;
    readonly object _gate = new();
    IChunkedJob? _job;
    Exception? _error;
    long _ticket;
    int _done;
    int _sleeping;
    volatile bool _stopping;

    public SecondCore()
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = "NeuralIk second core" };
        _thread.Start();
    }

    /// <summary>Runs every chunk of the job on this thread and the worker; returns when all are done.</summary>
    public void Run(IChunkedJob job)
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        var chunks = job.Chunks;
        if (chunks is < 0 or >= 0xFFFF)
            throw new ArgumentOutOfRangeException(nameof(job), $"a job has 0 to {0xFFFE} chunks, not {chunks}");
        if (chunks == 0)
            return;
        var generation = (Volatile.Read(ref _ticket) >> 32) + 1;
        // Close the old generation before publishing the job: a worker that reads the new job with an
        // old ticket in hand then fails its claim, because the claim compares the generation too.
        Interlocked.Exchange(ref _ticket, generation << 32 | Closed);
        _job = job;
        _error = null;
        _done = 0;
        Interlocked.Exchange(ref _ticket, generation << 32 | (uint)chunks);
        if (Volatile.Read(ref _sleeping) == 1)
        {
            lock (_gate)
                Monitor.Pulse(_gate);
        }
        TakeChunks(job, generation, fromFront: true);
        while (Volatile.Read(ref _done) != chunks)
        {
        }
        if (_error is { } error)
            throw new AggregateException("a chunk of the job failed", error);
    }

    // The low half of the ticket holds the unclaimed chunks [front, back): 16 bits each.
    const long Closed = 0xFFFF_FFFF;

    // Claims chunks of this generation one by one (compare-and-swap on generation and range together)
    // and runs them, until the job has no chunk left or a newer generation has begun. The caller takes
    // chunks from the front and the worker from the back, so each core gets the same chunks step after
    // step and finds their data (a layer's rows, half a batch) still in its own L2; whoever is early
    // still takes the rest.
    void TakeChunks(IChunkedJob job, long generation, bool fromFront)
    {
        while (true)
        {
            var ticket = Volatile.Read(ref _ticket);
            var (front, back) = ((ticket >> 16) & 0xFFFF, ticket & 0xFFFF);
            if (ticket >> 32 != generation || front >= back)
                return;
            var (claimed, chunk) = fromFront ? (ticket + 0x1_0000, front) : (ticket - 1, back - 1);
            if (Interlocked.CompareExchange(ref _ticket, claimed, ticket) != ticket)
                continue;
            try
            {
                job.RunChunk((int)chunk);
            }
            catch (Exception e)
            {
                _error = e;
            }
            Interlocked.Increment(ref _done);
        }
    }

    void Loop()
    {
        long seen = 0;
        while (true)
        {
            WaitForWork(seen);
            if (_stopping)
                return;
            var ticket = Volatile.Read(ref _ticket);
            if ((ticket & 0xFFFF_FFFF) == Closed)
                continue;
            seen = ticket >> 32;
            TakeChunks(Volatile.Read(ref _job)!, seen, fromFront: false);
        }
    }

    void WaitForWork(long seen)
    {
        var limit = (long)(SpinMilliseconds * Stopwatch.Frequency / 1000);
        var start = Stopwatch.GetTimestamp();
        while (Volatile.Read(ref _ticket) >> 32 == seen && !_stopping)
        {
            if (Stopwatch.GetTimestamp() - start < limit)
                continue;
            // Dekker-style: both sides write with a full fence, then read the other's flag, so either
            // this thread sees the new generation or the poster sees it asleep and pulses under the lock.
            lock (_gate)
            {
                Interlocked.Exchange(ref _sleeping, 1);
                while (Volatile.Read(ref _ticket) >> 32 == seen && !_stopping)
                    Monitor.Wait(_gate);
                Interlocked.Exchange(ref _sleeping, 0);
            }
        }
    }

    public void Dispose()
    {
        if (_stopping)
            return;
        _stopping = true;
        lock (_gate)
            Monitor.Pulse(_gate);
        _thread.Join();
    }
}
