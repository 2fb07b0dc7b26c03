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
    /// "joint-space" for an arm in space or learned from its recordings: joint vectors uniform within the limits,
    /// the targets their FK (the protocol of TRAC-IK's and IKFlow's figures), the poses kept.
    /// </summary>
    public static TargetSet<Frame> JointSpace(IChain chain, int count, ulong seed)
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
        var oracle = new PlanarOracle(solver, set.AllReachable);
        return Run(set, answers, oracle, null, solver.Redundant
            ? targets => EachTimed(targets, t => solver.Solve(t, answers, stop: stop).Answers)
            : targets => BothBranches(solver, targets));
    }

    /// <summary>An arm in space, asking one answer unless told otherwise, searched by the stop rule.</summary>
    public static EvaluationReport Run(IkSolver solver, TargetSet<Frame> set, int answers = 1, StopRule? stop = null,
        bool network = true)
    {
        var options = new SolveOptions { Answers = answers, Stop = stop ?? solver.ReferenceStop, Network = network };
        return Run(set, answers, new SpatialOracle(solver, set.Poses), t => solver.Solve(t, options).Answers) with
        {
            BudgetMs = options.Stop.Value.BudgetMs, Guess = network ? "network" : "none",
            Steps = solver.Steps > 0 ? solver.Steps : null,
        };
    }

    /// <summary>What checks a target's answers against the arm's oracles, and reports when all are in.</summary>
    interface IOracle<in T>
    {
        void Add(int index, T target, IReadOnlyList<IkAnswer> answers, int asked);
        EvaluationReport Report(string distribution, int targets, int asked);
    }

    // Every target's answers, the mean time per target, and each target's where each was timed on its own.
    readonly record struct Timed(IReadOnlyList<IkAnswer>[] Answers, double Mean, ErrorStats? PerTarget);

    // Warm-up, then every target solved and timed, then checked by the oracle, the clock never running over a check:
    // an arm in space target by target (`each`: its answers die young, so the collector does the work it does in a
    // user's process, not more), a planar arm after the whole set (`batch`: the oracles' own work, the self-motion
    // sampling above all, stays out of the caches the solves run in).
    static EvaluationReport Run<T>(TargetSet<T> set, int asked, IOracle<T> oracle,
        Func<T, IReadOnlyList<IkAnswer>>? each, Func<T[], Timed>? batch = null)
    {
        var targets = set.Targets;
        // The targets in turn, one at a time, for a moment, so that the time is the solver's and not the JIT's: its
        // tiered compiler reaches the optimized code only after some hundred milliseconds of calls, of every path
        // (a search's rarer ones too: only some targets take them).
        var warm = Stopwatch.StartNew();
        for (var i = 0; targets.Length > 0 && warm.Elapsed < WarmUp; i++)
        {
            var target = targets[i % targets.Length];
            if (each is null)
                batch!([target]);
            else
                each(target);
        }
        var timed = each is null ? batch!(targets)
            : EachTimed(targets, each, (i, answers) => oracle.Add(i, targets[i], answers, asked));
        for (var i = 0; each is null && i < targets.Length; i++)
            oracle.Add(i, targets[i], timed.Answers[i], asked);
        return oracle.Report(set.Name, targets.Length, asked) with
        {
            MicrosecondsPerTarget = timed.Mean, Microseconds = timed.PerTarget,
        };
    }

    // Targets one by one, each timed on its own; `then` takes each target's answers once its clock has stopped (and
    // they are not kept), else they are kept for after the set.
    static Timed EachTimed<T>(T[] targets, Func<T, IReadOnlyList<IkAnswer>> solve,
        Action<int, IReadOnlyList<IkAnswer>>? then = null)
    {
        var answers = new IReadOnlyList<IkAnswer>[then is null ? targets.Length : 0];
        var micros = new List<double>(targets.Length);
        for (var i = 0; i < targets.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var found = solve(targets[i]);
            micros.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            if (then is null)
                answers[i] = found;
            else
                then(i, found);
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
