using System.Diagnostics;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Numerics;

namespace NeuralIk.Engine.Solving;

/// <summary>
/// A solver checked against independent oracles, for every arm: targets solved and timed first, then every answer
/// called a success re-verified (FK recomputed, limits, separation from the others; a planar branch) and the
/// targets checked by the arm's oracle (<see cref="IOracle{T}"/>). A planar arm's: the workspace for reachability,
/// the closed forms (<see cref="AnalyticIk"/>, <see cref="ThreeLinkIk"/>) where they exist, the
/// <see cref="SelfMotion"/> oracle for how many distinct answers exist, the raw error of the guesses the successes
/// were refined from (Evaluation.Planar.cs). An arm in space's: all targets reachable (made by FK), the raw error of
/// the guess from the middle of the limits and from a posture near the known one (Evaluation.Spatial.cs). A
/// non-redundant planar chain is timed through its batched per-branch solve, every other arm target by target.
/// </summary>
public static partial class Evaluation
{
    static readonly TimeSpan WarmUp = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// "joint-space": joint angles uniform within the limits, targets by forward kinematics (all reachable).
    /// </summary>
    public static TargetSet<Pose2> JointSpace(PlanarChain chain, int count, ulong seed)
    {
        var rng = new Rng(seed);
        var theta = new double[chain.Joints];
        var targets = new Pose2[count];
        for (var i = 0; i < count; i++)
        {
            for (var j = 0; j < theta.Length; j++)
                theta[j] = rng.Uniform(chain.Limits[j].Lo, chain.Limits[j].Hi);
            targets[i] = chain.Forward(theta);
        }
        return new TargetSet<Pose2>("joint-space", targets, AllReachable: true);
    }

    /// <summary>
    /// "uniform" (or "disc-1.2x" for a radius factor of 1.2): positions uniform over a disc of
    /// <paramref name="radiusFactor"/> × reach; for poses, orientations uniform.
    /// </summary>
    public static TargetSet<Pose2> Uniform(PlanarChain chain, TaskBounds kind, int count, ulong seed,
        double radiusFactor = 1.0)
    {
        var rng = new Rng(seed);
        var targets = new Pose2[count];
        for (var i = 0; i < count; i++)
        {
            var r = radiusFactor * chain.Reach * Math.Sqrt(rng.NextDouble());
            var direction = rng.Uniform(-Math.PI, Math.PI);
            var phi = kind.HasOrientation ? rng.Uniform(-Math.PI, Math.PI) : 0;
            targets[i] = new Pose2(r * Math.Cos(direction), r * Math.Sin(direction), phi);
        }
        var name = radiusFactor == 1.0 ? "uniform" : FormattableString.Invariant($"disc-{radiusFactor}x");
        return new TargetSet<Pose2>(name, targets, AllReachable: false);
    }

    /// <summary>
    /// "joint-space" for an arm in space: joint vectors uniform within the limits, the targets their FK (the
    /// protocol of TRAC-IK's and IKFlow's figures), the poses kept.
    /// </summary>
    public static TargetSet<Frame> JointSpace(SpatialChain chain, int count, ulong seed)
    {
        var rng = new Rng(seed);
        var poses = new double[count][];
        var targets = new Frame[count];
        for (var i = 0; i < count; i++)
        {
            poses[i] = new double[chain.Count];
            PoseSampler.Draw(chain, rng, poses[i]);
            targets[i] = chain.Forward(poses[i]);
        }
        return new TargetSet<Frame>("joint-space", targets, AllReachable: true) { Poses = poses };
    }

    /// <summary>
    /// A planar arm against its oracles, asking <paramref name="answers"/> of a redundant chain, whose search stops
    /// by <paramref name="stop"/> (default: its candidate count).
    /// </summary>
    public static EvaluationReport Run(IkSolver solver, TargetSet<Pose2> set, int answers = IkSolver.DefaultAnswers,
        StopRule? stop = null)
    {
        Func<Pose2[], Timed> solve = solver.Redundant
            ? targets => EachTimed(targets, t => solver.Solve(t, answers, stop: stop).Answers)
            : targets => BothBranches(solver, targets);
        return Run(set, answers, new PlanarOracle(solver, set.AllReachable), solve);
    }

    /// <summary>An arm in space, asking one answer unless told otherwise, searched by the stop rule.</summary>
    public static EvaluationReport Run(IkSolver solver, TargetSet<Frame> set, int answers = 1, StopRule? stop = null)
    {
        var options = new SolveOptions { Answers = answers, Stop = stop ?? IkSolver.SpatialStop };
        return Run(set, answers, new SpatialOracle(solver, set.Poses),
            targets => EachTimed(targets, t => solver.Solve(t, options).Answers)) with
        {
            BudgetMs = options.Stop.Value.BudgetMs,
        };
    }

    /// <summary>What checks a target's answers against the arm's oracles, and reports when all are in.</summary>
    interface IOracle<in T>
    {
        void Add(int index, T target, IReadOnlyList<IkAnswer> answers, int asked);
        EvaluationReport Report(string distribution, int targets, int asked);
    }

    // The answers of every target, the mean time per target, and each target's where each is solved on its own.
    readonly record struct Timed(IReadOnlyList<IkAnswer>[] Answers, double Mean, ErrorStats? PerTarget);

    // Warm-up, then the timed solve of every target, then the oracle: the clock never runs over verification.
    static EvaluationReport Run<T>(TargetSet<T> set, int asked, IOracle<T> oracle, Func<T[], Timed> solve)
    {
        var targets = set.Targets;
        // The first targets again and again for a moment, so that the time is the solver's and not the JIT's
        // (its tiered compiler reaches the optimized code only after some hundred milliseconds of calls).
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed < WarmUp)
            solve(targets[..Math.Min(64, targets.Length)]);
        var timed = solve(targets);
        for (var i = 0; i < targets.Length; i++)
            oracle.Add(i, targets[i], timed.Answers[i], asked);
        return oracle.Report(set.Name, targets.Length, asked) with
        {
            MicrosecondsPerTarget = timed.Mean, Microseconds = timed.PerTarget,
        };
    }

    static Timed EachTimed<T>(T[] targets, Func<T, IReadOnlyList<IkAnswer>> solve)
    {
        var answers = new IReadOnlyList<IkAnswer>[targets.Length];
        var micros = new List<double>(targets.Length);
        for (var i = 0; i < targets.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            answers[i] = solve(targets[i]);
            micros.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }
        return new Timed(answers, micros.Count > 0 ? micros.Average() : double.NaN, ErrorStats.Of(micros));
    }

    // A non-redundant chain's two branches through the batched solve, timed as a whole: answers as [up, down].
    static Timed BothBranches(IkSolver solver, Pose2[] targets)
    {
        var clock = Stopwatch.StartNew();
        var up = new IkAnswer[targets.Length];
        var down = new IkAnswer[targets.Length];
        solver.SolveBranch(targets, Elbow.Up, up);
        solver.SolveBranch(targets, Elbow.Down, down);
        var mean = clock.Elapsed.TotalMicroseconds / Math.Max(1, targets.Length);
        return new Timed([.. up.Zip(down, (u, d) => (IReadOnlyList<IkAnswer>)[u, d])], mean, null);
    }
}
