using System.Runtime.Intrinsics;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;

namespace NeuralIk.Engine.Solving;

/// <summary>
/// What one solve asks, for any arm: how many distinct answers, the task (default: the model's), for a planar arm
/// the elbow branch and the circles to keep clear of, when a search for more answers stops (default: the arm's,
/// <see cref="StopRule"/>) and the seed of its random references.
/// </summary>
public sealed record SolveOptions
{
    public int Answers { get; init; } = IkSolver.DefaultAnswers;
    public TaskBounds? Task { get; init; }
    public Elbow? Branch { get; init; }
    public IReadOnlyList<Obstacle> Obstacles { get; init; } = [];
    public StopRule? Stop { get; init; }
    public ulong Seed { get; init; } = 1;
    /// <summary>
    /// Whether the network guesses (the default). Without it an arm searched from references (in space, or learned)
    /// refines from each reference itself: the same search, so what the network buys shows in one run.
    /// </summary>
    public bool Network { get; init; } = true;
    /// <summary>
    /// The arm's current posture q[N], or null: an arm searched from references starts there, and its answers come
    /// nearest first in the largest joint change (L∞; a continuous joint's answer turned by whole turns to lie
    /// nearest it).
    /// </summary>
    public IReadOnlyList<double>? Near { get; init; }
    /// <summary>With <see cref="Near"/>: return the first answers found (default), or search the whole stop rule and
    /// return the nearest found (TRAC-IK's speed and distance modes).</summary>
    public NearMode NearMode { get; init; }
}

/// <summary>What a search near the current posture returns: the first answers found, or the nearest within the stop
/// rule.</summary>
public enum NearMode
{
    First,
    Nearest,
}

/// <summary>
/// The IK solver for every solver model: a planar arm (2 links, chains of 3 to 8, positions or full poses) or an
/// arm in space read from a URDF. Every candidate goes the same way (IkSolver.Attempt.cs: one loop, one step, one
/// <see cref="StopRule"/>) — the network guesses a pose, Levenberg–Marquardt (<see cref="Refiner"/>) refines it
/// within the limits, a second start follows a failure, the answer is accepted only with FK recomputed within the
/// tolerance and every joint within its limits, and kept only when distinct from the others — and the arm decides
/// where candidates come from: the branch pair with the closed form as the second start, or the posture search of
/// a redundant chain (IkSolver.Planar.cs, .Refine.cs, .Search.cs); reference postures, the middle of the limits
/// first, with the reference itself as the second start (IkSolver.References.cs).
/// <see cref="Solve(Frame, SolveOptions?, CancellationToken)"/> serves every arm; a planar arm's targets also go
/// straight in as <see cref="Pose2"/>, in batches that allocate nothing.
/// Immutable, no shared scratch: safe for any number of threads.
/// </summary>
public sealed partial class IkSolver
{
    public const int DefaultAnswers = 4;
    internal static readonly StopRule SpatialStop = StopRule.Within(5);
    // An arm learned from its recordings refines through a network (tens of µs per step, not one): a count, so a
    // slow or busy machine still tries as many references.
    internal static readonly StopRule LearnedStop = StopRule.After(64);

    readonly PlanarChain? _planar;
    readonly ChainLayout? _chainLayout;
    readonly PostureSequence? _sequence;
    readonly SpatialChain? _spatial;
    readonly IReferenceLayout? _referenceLayout;
    readonly double _refineTolerance;
    readonly double[] _middle = [];
    // The model's task, held here: the planar fast path reads it for every target.
    readonly TaskBounds _task;

    /// <summary>
    /// A solver for a solver model: at most <paramref name="maxIterations"/> refinement steps per start (a step that
    /// does not lower the residual raises the damping, so a start that cannot converge stops early; default 50 for a
    /// planar arm, 20 for one in space, where a failed start is cheaper to replace by another reference) and, for a
    /// redundant planar chain, <paramref name="maxCandidates"/> postures per phase of the search; an arm in space's
    /// guesses read <paramref name="weights"/> (<see cref="DefaultWeights"/> unless told).
    /// </summary>
    public IkSolver(IkModel model, int? maxIterations = null, int maxCandidates = 48,
        InferenceWeights? weights = null)
    {
        if (model.Kind != ModelKind.Solver)
            throw new ArgumentException("a seed model gives one averaged answer; the solver needs a model trained " +
                "by the solver recipe");
        Model = model;
        _task = model.Task;
        Layout = ILayout.For(model.Chain, model.Task);
        MaxCandidates = maxCandidates;
        if (model.Chain is PlanarChain planar)
        {
            (_planar, _chainLayout) = (planar, (ChainLayout)Layout);
            _sequence = new PostureSequence(_chainLayout.Free);
            MaxIterations = maxIterations ?? 50;
            Tolerance = 1e-9 * planar.Reach;
            return;
        }
        (_spatial, _referenceLayout) = (model.Chain as SpatialChain, (IReferenceLayout)Layout);
        MaxIterations = maxIterations ?? 20;
        // |e|² = |Δp|² + (reach·Δω)²: below this, each error is below its own tolerance.
        _refineTolerance = Math.Min(PositionTolerance, OrientationTolerance * model.Chain.Reach);
        Tolerance = _refineTolerance;
        _middle = [.. model.Chain.Ranges.Select(r => r.Middle)];
        _bf16 = (weights ?? DefaultWeights) == InferenceWeights.Bf16 ? new Bf16Network(model.Network) : null;
        if (model.Step is { } step)
            (_stepLayout, _steps, _nearSteps, _stepBf16) = (new StepLayout(Spatial), DefaultSteps,
                DefaultNearSteps, _bf16 is null ? null : new Bf16Network(step));
        if (model.Direct is { } direct)
            (_directLayout, _direct) = (new DirectLayout(Spatial),
                DirectNetwork.Of(direct, 2 * Spatial.Count, _bf16 is not null));
    }

    /// <summary>
    /// Learned steps after a guess, unless told: near a known posture, 10 bring the guess within a few millimetres
    /// and under a degree on 6- and 7-joint arms, where 6 left one 10 mm off
    /// (benchmarks/amd-epyc-zen3-avx2/learned-step.md).
    /// </summary>
    public const int DefaultSteps = 10;

    /// <summary>
    /// Learned steps from the current posture, unless told: 2 answer 99.5-99.6 % within 0.3 rad of it where LM alone
    /// answers 93.5-96 %, and more answer no more, each at the cost of about two LM iterations.
    /// </summary>
    public const int DefaultNearSteps = 2;

    readonly StepLayout? _stepLayout;
    readonly int _steps, _nearSteps;
    // The step network in the guess's weight format (bfloat16: a step's pass 4-7 µs in float32 for one row).
    readonly Bf16Network? _stepBf16;

    /// <summary>
    /// Learned steps toward the answer after the network's guess in
    /// <see cref="Guess(Frame, ReadOnlySpan{double}, Span{double})"/> (0 without a step network in the model). Not
    /// in the search from references anywhere: from there LM iterations gain more for their cost.
    /// </summary>
    public int Steps
    {
        get => _stepLayout is null ? 0 : _steps;
        init => _steps = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(Steps), value,
            "a guess takes 0 learned steps or more");
    }

    /// <summary>
    /// Learned steps from the current posture before its refinement (<see cref="SolveOptions.Near"/>; 0 without a
    /// step network in the model).
    /// </summary>
    public int NearSteps
    {
        get => _stepLayout is null ? 0 : _nearSteps;
        init => _nearSteps = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(NearSteps), value,
            "a current posture takes 0 learned steps or more");
    }

    public static IkSolver Load(string path) => new(IkModel.Load(path));

    /// <summary>
    /// bfloat16 where 256-bit vectors are accelerated: half the bytes per guess, and on AMD Zen 3 the median solve
    /// 3–30 % faster than from float32 at the same solve rate and raw error (weights.md); float32 elsewhere.
    /// </summary>
    public static InferenceWeights DefaultWeights =>
        Vector256.IsHardwareAccelerated ? InferenceWeights.Bf16 : InferenceWeights.Fp32;

    public IkModel Model { get; }
    public IChain Chain => Model.Chain;
    public TaskBounds Task => _task;
    public ILayout Layout { get; }
    /// <summary>The chain of a planar arm's solver (its links, limits and closed forms).</summary>
    public PlanarChain Planar => _planar ?? throw new InvalidOperationException("an arm in space has no planar chain");
    /// <summary>The chain of a spatial arm's solver (its URDF joints).</summary>
    public SpatialChain Spatial => _spatial ?? throw new InvalidOperationException("a planar arm has no URDF chain");
    public SpatialLayout SpatialLayout => _referenceLayout as SpatialLayout
        ?? throw new InvalidOperationException("not an arm in space");
    /// <summary>The layout of an arm whose network guesses near a reference (in space, or learned).</summary>
    public IReferenceLayout ReferenceLayout => _referenceLayout
        ?? throw new InvalidOperationException("a planar chain's network takes no reference posture");
    /// <summary>
    /// Whether a target has many answers per branch: a planar chain with free links, or any arm in space (a 6-joint
    /// arm up to 16 answers, a 7-joint one a continuum).
    /// </summary>
    public bool Redundant => _chainLayout is null || _chainLayout.Free > 0;
    /// <summary>Where a search from references stops unless told: after 5 ms, or 64 candidates of a learned arm.
    /// </summary>
    public StopRule ReferenceStop => Chain is LearnedChain ? LearnedStop : SpatialStop;
    /// <summary>Largest accepted residual of the refinement: |e| = √(|Δp|² + (reach·Δω)²).</summary>
    public double Tolerance { get; }
    public int MaxIterations { get; }
    /// <summary>Postures refined per phase before a planar search settles for fewer answers than asked.</summary>
    public int MaxCandidates { get; }
    /// <summary>
    /// Two answers count as distinct when some joint differs by at least this much (radians, modulo 2π).
    /// </summary>
    public double Separation { get; init; } = 0.1;
    /// <summary>Largest accepted position error of an arm in space (m).</summary>
    public double PositionTolerance { get; init; } = 1e-6;
    /// <summary>Largest accepted orientation error of an arm in space (rad).</summary>
    public double OrientationTolerance { get; init; } = 1e-6;

    /// <summary>
    /// Up to <see cref="SolveOptions.Answers"/> distinct poses reaching <paramref name="target"/> on the axes of the
    /// task, for any arm (a planar target is its pose in the plane: at (x, y, 0), turned by φ about z);
    /// <paramref name="cancel"/> stops a search between candidates (OperationCanceledException).
    /// </summary>
    public Solution Solve(Frame target, SolveOptions? options = null, CancellationToken cancel = default)
    {
        options ??= new SolveOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Answers);
        options.Stop?.Validate();
        if (_planar is null)
            return SearchReferences(target, options, cancel);
        return Solve(PlanarPose(target, options), options.Answers, options.Branch, options.Obstacles.ToArray(),
            options.Stop);
    }

    /// <summary>
    /// Many targets, one solution each, in order, as <see cref="Solve(Frame, SolveOptions?, CancellationToken)"/>
    /// gives them: a planar arm's go through its batched solve.
    /// </summary>
    public Solution[] Solve(IReadOnlyList<Frame> targets, SolveOptions? options = null,
        CancellationToken cancel = default)
    {
        options ??= new SolveOptions();
        if (_planar is not null)
            return Solve([.. targets.Select(t => PlanarPose(t, options))], options.Answers, options.Branch,
                options.Obstacles.ToArray(), options.Stop);
        var solutions = new Solution[targets.Count];
        for (var i = 0; i < solutions.Length; i++)
            solutions[i] = Solve(targets[i], options, cancel);
        return solutions;
    }

    /// <summary>
    /// Refines q, a pose near an answer (the previous point's along a path), toward the target in place; returns
    /// whether it is accepted as <see cref="Solve(Frame, SolveOptions?, CancellationToken)"/> would accept it (for a
    /// planar arm also on the branch asked for and clear of the obstacles). No network and no search: the answer,
    /// if any, is the one next to q.
    /// </summary>
    public bool Continue(Frame target, SolveOptions options, Span<double> q) => _planar is null
        ? ContinueInSpace(target, options.Task ?? Task, q)
        : ContinueInPlane(PlanarPose(target, options), options.Branch, options.Obstacles, q);

    // A frame in the plane as the planar solver takes it: (x, y) and the turn about z.
    Pose2 PlanarPose(Frame target, SolveOptions options)
    {
        if (options.Task is { } task && task != Task)
            throw new ArgumentException($"this model solves planar {Task.Name}s, not {task.Name}s");
        if (!options.Network)
            throw new ArgumentException("a planar arm of links starts from its network's guess and its closed forms: " +
                "solving without the network is for arms searched from references (in space, or learned)");
        if (options.Near is not null)
            throw new ArgumentException("a planar arm of links answers per branch (pick one with the branch); a " +
                "current posture is for arms searched from references (in space, or learned)");
        return new Pose2(target.P.X, target.P.Y, Math.Atan2(target.Row1.X, target.Row0.X));
    }
}
