using System.Diagnostics;

namespace NeuralIk.Engine.Threading;

/// <summary>
/// One persistent worker thread that takes half of a job. A training step posts a job every few
/// microseconds, so the worker busy-waits on a generation counter (a blocking wake-up costs tens of
/// microseconds in this VM, measured: events made two cores slower than one) and only blocks after
/// <see cref="SpinMilliseconds"/> without work, so an idle model costs nothing.
/// Jobs are a function pointer and a pointer to the caller's stack state: no allocation per call.
/// </summary>
public sealed unsafe class SecondCore : IDisposable
{
    const double SpinMilliseconds = 1.0;
    readonly Thread _thread;
    readonly object _gate = new();
    delegate* managed<void*, int, void> _work;
    void* _state;
    Exception? _error;
    int _posted;
    int _completed;
    int _sleeping;
    volatile bool _stopping;

    public SecondCore()
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = "NeuralIk second core" };
        _thread.Start();
    }

    /// <summary>Runs work(state, 0) on the calling thread and work(state, 1) on the worker; returns when both are done.</summary>
    public void Run(delegate* managed<void*, int, void> work, void* state)
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        _work = work;
        _state = state;
        _error = null;
        var generation = _posted + 1;
        Post(generation);
        try
        {
            work(state, 0);
        }
        finally
        {
            while (Volatile.Read(ref _completed) != generation)
                Thread.SpinWait(8);
        }
        if (_error is { } error)
            throw new AggregateException("the second core's half of the job failed", error);
    }

    // Dekker-style hand-off: both sides write with a full fence, then read the other's flag, so either
    // the worker sees the new generation or this thread sees it asleep and wakes it under the lock.
    void Post(int generation)
    {
        Interlocked.Exchange(ref _posted, generation);
        if (Volatile.Read(ref _sleeping) == 1)
        {
            lock (_gate)
                Monitor.Pulse(_gate);
        }
    }

    void Loop()
    {
        var seen = 0;
        while (true)
        {
            WaitForWork(seen);
            if (_stopping)
                return;
            seen = Volatile.Read(ref _posted);
            try
            {
                _work(_state, 1);
            }
            catch (Exception e)
            {
                _error = e;
            }
            Volatile.Write(ref _completed, seen);
        }
    }

    void WaitForWork(int seen)
    {
        var limit = (long)(SpinMilliseconds * Stopwatch.Frequency / 1000);
        var start = Stopwatch.GetTimestamp();
        while (Volatile.Read(ref _posted) == seen && !_stopping)
        {
            if (Stopwatch.GetTimestamp() - start < limit)
            {
                Thread.SpinWait(8);
                continue;
            }
            lock (_gate)
            {
                Interlocked.Exchange(ref _sleeping, 1);
                while (Volatile.Read(ref _posted) == seen && !_stopping)
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
