using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace NeuralIk.Engine.Solving;

/// <summary>
/// When a search for more answers stops short of those asked for: after a number of candidates (deterministic:
/// the same call gives the same answers on any machine) or once a time budget is spent, counted from the second
/// candidate drawn (for an arm in space, the end of the first: in a fresh process most of its time is the JIT
/// compiling the solver; a planar search draws its first batch at once). Null fields do not stop. A redundant
/// planar chain counts candidates per phase of its search (<see cref="IkSolver.MaxCandidates"/> by default); an
/// arm in space spends 5 ms by default.
/// </summary>
public readonly record struct StopRule(int? Candidates, double? BudgetMs)
{
    public static StopRule After(int candidates) => new(candidates, null);
    public static StopRule Within(double ms) => new(null, ms);

    /// <summary>
    /// Refuses a rule that would stop before the first candidate: a count below 1, a budget not above 0.
    /// </summary>
    internal void Validate()
    {
        if (Candidates is < 1)
            throw new ArgumentOutOfRangeException(nameof(Candidates), Candidates, "a search tries 1 candidate or more");
        if (BudgetMs is { } ms && !(ms > 0))
            throw new ArgumentOutOfRangeException(nameof(BudgetMs), ms, "a time budget is more than 0 ms");
    }
}

// Every arm's search, whatever its source of candidates: one loop (Search) takes candidates in order, guesses them
// in batches, tries each and stops when the answers are found or the rule says so; each try (Attempt) refines the
// guess and, if that is rejected or lands on an answer already found, the arm's second start (the closed-form pose
// of a planar posture, or a spatial candidate's reference itself), and keeps the better one.
public sealed partial class IkSolver
{
    /// <summary>What an arm makes of a candidate: how a pose is refined and accepted, and its second start.</summary>
    interface IStarts
    {
        Refiner.Result Refine(scoped Span<double> q);
        bool Accepted(scoped ReadOnlySpan<double> q, double residual);
        /// <summary>Writes the second start into q; false where there is none.</summary>
        bool SecondStart(scoped Span<double> q);
    }

    readonly record struct Attempted(Refiner.Result Result, int Iterations, bool Fallback, bool Accepted);

    /// <summary>One candidate from <paramref name="guess"/>; the pose kept is left in <paramref name="q"/>.</summary>
    [SkipLocalsInit]
    Attempted Attempt<T>(scoped in T starts, ReadOnlySpan<double> guess, IReadOnlyList<IkAnswer>? found,
        Span<double> q) where T : IStarts, allows ref struct
    {
        guess.CopyTo(q);
        var result = starts.Refine(q);
        var accepted = starts.Accepted(q, result.Residual);
        var (iterations, fallback) = (result.Iterations, false);
        if (accepted && Distinct(found, q))
            return new Attempted(result, iterations, fallback, accepted);
        Span<double> second = stackalloc double[q.Length];
        if (!starts.SecondStart(second))
            return new Attempted(result, iterations, fallback, accepted);
        var again = starts.Refine(second);
        iterations += again.Iterations;
        var acceptedAgain = starts.Accepted(second, again.Residual);
        if ((acceptedAgain && Distinct(found, second))
            || (!accepted && (acceptedAgain || again.Residual < result.Residual)))
        {
            second.CopyTo(q);
            (result, accepted, fallback) = (again, acceptedAgain, true);
        }
        return new Attempted(result, iterations, fallback, accepted);
    }

    bool Distinct(IReadOnlyList<IkAnswer>? found, ReadOnlySpan<double> q)
    {
        for (var i = 0; i < (found?.Count ?? 0); i++)
        {
            if (found![i].Theta.DistanceTo(q) < Separation)
                return false;
        }
        return true;
    }

    /// <summary>
    /// What a search does with its candidates: guesses them in batches, tries each, keeps what it finds.
    /// </summary>
    interface ISearch<TCandidate>
    {
        /// <summary>Candidates guessed per network pass.</summary>
        int Batch { get; }
        /// <summary>Whether the search has the answers it was asked for.</summary>
        bool Enough { get; }
        /// <summary>The network's guess for each candidate of the batch, in order.</summary>
        void Guess(List<TCandidate> batch, double[][] guesses);
        /// <summary>One candidate from its guess (<see cref="Attempt"/>), the result kept or not.</summary>
        void Try(TCandidate candidate, double[] guess);
    }

    // The candidate loop of every search: candidates taken from the source in order, at most `count` of them, guessed
    // in batches and tried one by one until the search has enough or the clock (which runs over the whole search and
    // counts `tried` across its calls) stops it; `cancel` is asked between candidates.
    static void Search<TCandidate>(IEnumerable<TCandidate> source, ISearch<TCandidate> search, int count,
        ref StopClock clock, ref int tried, CancellationToken cancel = default)
    {
        using var candidates = (count == int.MaxValue ? source : source.Take(count)).GetEnumerator();
        var batch = new List<TCandidate>(search.Batch);
        var guesses = new double[search.Batch][];
        while (!search.Enough)
        {
            batch.Clear();
            while (batch.Count < search.Batch)
            {
                if (tried > 0)
                    cancel.ThrowIfCancellationRequested();
                if (clock.Stops(tried) || !candidates.MoveNext())
                    break;
                tried++;
                batch.Add(candidates.Current);
            }
            if (batch.Count == 0)
                return;
            search.Guess(batch, guesses);
            for (var i = 0; i < batch.Count && !search.Enough; i++)
                search.Try(batch[i], guesses[i]);
        }
    }

    /// <summary>A <see cref="StopRule"/> running over one search.</summary>
    struct StopClock(StopRule rule)
    {
        long _deadline = long.MaxValue;

        /// <summary>Whether the search stops before its candidate number <paramref name="candidate"/>.</summary>
        public bool Stops(int candidate)
        {
            if (candidate >= (rule.Candidates ?? int.MaxValue))
                return true;
            if (rule.BudgetMs is not { } ms || candidate == 0)
                return false;
            if (candidate == 1)
                _deadline = Stopwatch.GetTimestamp() + (long)(ms * Stopwatch.Frequency / 1000);
            return Stopwatch.GetTimestamp() > _deadline;
        }
    }
}
