using System.Diagnostics;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;

namespace NeuralIk.Engine.Solving;

/// <summary>
/// IK for a spatial arm: each candidate is a reference posture, the network guesses the answer near it, and
/// Levenberg–Marquardt (<see cref="Refiner"/> over <see cref="ChainTarget"/>) refines the guess within the
/// limits. The first reference is the middle of the limits; later ones are random poses within the limits,
/// and a guess that fails is followed by refinement from its reference itself, until the answers asked for
/// are found or the time budget is spent. An answer is Ok only with FK recomputed within
/// <see cref="PositionTolerance"/> and <see cref="OrientationTolerance"/> and every joint within its limits.
/// Immutable: safe for any number of threads.
/// </summary>
public sealed class SpatialSolver
{
    readonly double _refineTolerance;
    readonly double[] _middle;

    public SpatialSolver(IkModel model, int maxIterations = 20)
    {
        Chain = model.Spatial ?? throw new ArgumentException("the spatial solver needs a model of a spatial arm");
        Model = model;
        Layout = new SpatialLayout(Chain, model.Task);
        MaxIterations = maxIterations;
        // |e|² = |Δp|² + (reach·Δω)²: below this, each error is below its own tolerance.
        _refineTolerance = Math.Min(PositionTolerance, OrientationTolerance * Chain.Reach);
        _middle = [.. Chain.Joints.Select(j => j.Range.Middle)];
    }

    public IkModel Model { get; }
    public SpatialChain Chain { get; }
    public SpatialLayout Layout { get; }
    public TaskBounds Task => Layout.Task;
    public int MaxIterations { get; }
    /// <summary>The first reference posture: the middle of each joint's range (0 for a continuous joint).</summary>
    public ReadOnlySpan<double> Middle => _middle;
    /// <summary>Largest accepted position error (m).</summary>
    public double PositionTolerance { get; init; } = 1e-6;
    /// <summary>Largest accepted orientation error (rad).</summary>
    public double OrientationTolerance { get; init; } = 1e-6;
    /// <summary>Two answers count as distinct when some joint differs by at least this much (rad).</summary>
    public double Separation { get; init; } = 0.1;

    /// <summary>The network's raw pose q[N] for a target and a reference posture.</summary>
    public void Guess(Frame target, ReadOnlySpan<double> reference, Span<double> q)
    {
        Span<float> input = stackalloc float[Layout.Inputs];
        Span<float> output = stackalloc float[Layout.Outputs];
        Span<float> scratch = stackalloc float[Model.Network.InferScratchLength(1)];
        Layout.Encode(Model.Scaler, target, reference, input);
        Model.Network.Infer(input, 1, output, scratch);
        Layout.Decode(output, q);
    }

    /// <summary>
    /// Up to <paramref name="answers"/> distinct poses reaching <paramref name="target"/> on the axes of
    /// <paramref name="task"/> (default: the model's), searched for <paramref name="budgetMs"/> milliseconds after
    /// the first candidate (which always runs to its end). For a position alone (<see cref="TaskBounds.Position"/>),
    /// each candidate asks the network for the pose with its reference's orientation (FK of the reference), and the
    /// refinement then fixes the position only. The random references come from a generator seeded by
    /// <paramref name="seed"/>: the same call gives the same answers as long as the budget does not cut it short.
    /// <paramref name="cancel"/> stops the search between candidates (OperationCanceledException).
    /// </summary>
    public Solution Solve(Frame target, int answers = 1, double budgetMs = 5, ulong seed = 1,
        TaskBounds? task = null, CancellationToken cancel = default)
    {
        var kind = task ?? Task;
        if (!kind.IsSpatial)
            throw new ArgumentException($"a spatial arm reaches targets in space, not a planar {kind.Name}");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(answers);
        if (!IsFinite(target))
            throw new ArgumentException("the target is not finite");
        // Provably out of reach only beyond the bound by more than the tolerance: a pose on the bound (a stretched
        // arm) reaches it within rounding, and within the tolerance is a success.
        if (target.P.Norm() > Chain.Reach + PositionTolerance)
            return new Solution(SolveStatus.OutOfReach, target, [], Chain.Reach * target.P.Direction());
        var budget = (long)(budgetMs * Stopwatch.Frequency / 1000);
        var deadline = long.MaxValue;
        var problem = new ChainTarget(Chain, target, kind);
        var found = new List<IkAnswer>(answers);
        var best = default(IkAnswer);
        var bestResidual = double.PositiveInfinity;
        var rng = new Rng(seed);
        Span<double> reference = stackalloc double[Chain.Count];
        Span<double> guess = stackalloc double[Chain.Count];
        Span<double> q = stackalloc double[Chain.Count];
        _middle.CopyTo(reference);
        for (var candidate = 0; found.Count < answers; candidate++)
        {
            // The clock starts after the first candidate, which always runs: in a fresh process most of its time is
            // the JIT compiling the solver, and that should not use up the search.
            if (candidate == 1)
                deadline = Stopwatch.GetTimestamp() + budget;
            if (candidate > 0)
            {
                cancel.ThrowIfCancellationRequested();
                if (Stopwatch.GetTimestamp() > deadline)
                    break;
                PoseSampler.Draw(Chain, rng, reference);
            }
            var asked = kind.HasOrientation ? target : Chain.Forward(reference) with { P = target.P };
            Guess(asked, reference, guess);
            for (var start = 0; start < 2; start++)
            {
                (start == 0 ? guess : reference).CopyTo(q);
                var result = Refiner.Refine(problem, q, _refineTolerance, MaxIterations);
                var answer = new IkAnswer(SolveStatus.NotFound, null, new JointVector(q), result.Residual,
                    result.Iterations, new JointVector(guess), start == 1);
                if (Accepted(problem, q))
                {
                    if (Distinct(found, q))
                        found.Add(answer with { Status = SolveStatus.Ok });
                    break;
                }
                if (result.Residual < bestResidual)
                    (best, bestResidual) = (answer, result.Residual);
            }
        }
        return found.Count > 0 ? new Solution(SolveStatus.Ok, target, found, target.P)
            : new Solution(SolveStatus.NotFound, target, [best], target.P);
    }

    /// <summary>
    /// Refines q, a pose near an answer (the previous point's along a path), toward the target in place;
    /// returns whether it is accepted. No network and no search: the answer, if any, is the one next to q.
    /// </summary>
    public bool Continue(Frame target, TaskBounds task, Span<double> q)
    {
        var problem = new ChainTarget(Chain, target, task);
        Refiner.Refine(problem, q, _refineTolerance, MaxIterations);
        return Accepted(problem, q);
    }

    /// <summary>FK recomputed against the target within both tolerances, every joint within its limits.</summary>
    public bool Accepted(ChainTarget problem, ReadOnlySpan<double> q)
    {
        var (position, orientation) = problem.Errors(q);
        return position <= PositionTolerance && orientation <= OrientationTolerance && Chain.WithinLimits(q);
    }

    bool Distinct(List<IkAnswer> found, ReadOnlySpan<double> q)
    {
        foreach (var a in found)
        {
            if (a.Theta.DistanceTo(q) < Separation)
                return false;
        }
        return true;
    }

    static bool IsFinite(Frame f) => f.P.IsFinite && f.Row0.IsFinite && f.Row1.IsFinite && f.Row2.IsFinite;
}
