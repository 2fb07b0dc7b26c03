using System.Runtime.CompilerServices;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;

namespace NeuralIk.Engine.Solving;

/// <summary>
/// The IK solver for every solver model: a 2-link arm, a chain of 3 to 8 links, positions or full poses.
/// Each candidate is a branch and, for a redundant chain, a posture (free-link directions, see
/// <see cref="Posture"/>): the network guesses its pose, Levenberg–Marquardt (<see cref="Refiner"/>)
/// refines it within the limits to <see cref="Tolerance"/>, and if that fails the closed-form pose of the
/// same posture is a second start, so a weak guess costs time, never a wrong status. A non-redundant
/// chain (a 2-link position, a 3-link pose) has one candidate per branch and solves in batches without
/// allocating (<see cref="SolveBranch(ReadOnlySpan{Pose2}, Elbow, Span{IkAnswer}, ReadOnlySpan{Obstacle})"/>).
/// A redundant chain searches postures (IkSolver.Search.cs) until it has as many distinct answers as
/// asked. Immutable, no shared scratch: safe for any number of threads.
/// </summary>
public sealed partial class IkSolver
{
    public const int DefaultAnswers = 4;
    const int Chunk = 64;

    readonly PostureSequence _sequence;

    /// <summary>
    /// A solver for a solver model: at most <paramref name="maxIterations"/> refinement steps per start (a step
    /// that does not lower the residual raises the damping, so a start that cannot converge stops early).
    /// </summary>
    public IkSolver(IkModel model, int maxIterations = 50, int maxCandidates = 48)
    {
        if (model.Kind != ModelKind.Solver)
            throw new ArgumentException("a seed model gives one averaged answer; the solver needs a model trained " +
                "by the solver recipe");
        Model = model;
        Layout = new ChainLayout(model.Chain.Joints, model.Task);
        MaxIterations = maxIterations;
        MaxCandidates = maxCandidates;
        Tolerance = 1e-9 * model.Chain.Reach;
        _sequence = new PostureSequence(Layout.Free);
    }

    public static IkSolver Load(string path) => new(IkModel.Load(path));

    public IkModel Model { get; }
    public PlanarChain Chain => Model.Chain;
    public TaskBounds Task => Layout.Task;
    public ChainLayout Layout { get; }
    /// <summary>Whether a target has many answers per branch (free links to choose).</summary>
    public bool Redundant => Layout.Free > 0;
    /// <summary>Largest accepted residual √(|Δp|² + (reach·Δφ)²): 1e-9 × reach.</summary>
    public double Tolerance { get; }
    public int MaxIterations { get; }
    /// <summary>Postures refined per phase before the solver settles for fewer answers than asked.</summary>
    public int MaxCandidates { get; }
    /// <summary>
    /// Two answers count as distinct when some joint differs by at least this much (radians, modulo 2π).
    /// </summary>
    public double Separation { get; init; } = 0.1;

    /// <summary>The network's raw pose θ[N] for a target, a branch and absolute free-link directions.</summary>
    public void Guess(Pose2 target, Elbow branch, ReadOnlySpan<double> directions, Span<double> theta)
    {
        target = Task.Read(target);
        Span<float> input = stackalloc float[Layout.Inputs];
        Span<float> output = stackalloc float[Layout.Outputs];
        Span<float> scratch = stackalloc float[Model.Network.InferScratchLength(1)];
        Layout.Encode(Model.Scaler, target, branch, directions, input);
        Model.Network.Infer(input, 1, output, scratch);
        Layout.Decode(output, Math.Atan2(target.Y, target.X), theta);
    }

    /// <summary>
    /// Up to <paramref name="answers"/> distinct poses reaching <paramref name="target"/> (φ is ignored for
    /// positions), on <paramref name="branch"/> or either; a non-redundant chain answers once per branch.
    /// NaN or infinite targets throw.
    /// </summary>
    public Solution Solve(Pose2 target, int answers = DefaultAnswers, Elbow? branch = null,
        ReadOnlySpan<Obstacle> obstacles = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(answers);
        target = Task.Read(target);
        var reach = Workspace.Of(Chain, target, Task);
        if (!reach.Reachable)
            return new Solution(StatusOf(reach), Frame.InPlane(target), [], Point(reach.Nearest));
        Elbow[] branches = branch is { } b ? [b] : [Elbow.Up, Elbow.Down];
        if (!Redundant)
        {
            var each = new IkAnswer[branches.Length];
            Span<Pose2> targets = [target, target];
            SolveBranches(targets[..branches.Length], branches, each, obstacles);
            return new Solution(StatusOf(each), Frame.InPlane(target), each, Point(reach.Nearest));
        }
        var found = Search.Run(this, target, branches, branch is not null, obstacles.ToArray(), answers);
        return new Solution(StatusOf(found), Frame.InPlane(target), found, Point(reach.Nearest));
    }

    /// <summary>
    /// Many targets, one solution each, in order; a non-redundant chain's are solved in batches per branch.
    /// </summary>
    public Solution[] Solve(IReadOnlyList<Pose2> targets, int answers = DefaultAnswers, Elbow? branch = null,
        ReadOnlySpan<Obstacle> obstacles = default)
    {
        var solutions = new Solution[targets.Count];
        if (Redundant)
        {
            for (var i = 0; i < targets.Count; i++)
                solutions[i] = Solve(targets[i], answers, branch, obstacles);
            return solutions;
        }
        var all = targets as Pose2[] ?? [.. targets];
        Elbow[] branches = branch is { } b ? [b] : [Elbow.Up, Elbow.Down];
        var each = branches.Select(_ => new IkAnswer[all.Length]).ToArray();
        for (var k = 0; k < branches.Length; k++)
            SolveBranch(all, branches[k], each[k], obstacles);
        for (var i = 0; i < all.Length; i++)
        {
            var target = Task.Read(all[i]);
            var reach = Workspace.Of(Chain, target, Task);
            IkAnswer[] found = reach.Reachable ? [.. each.Select(set => set[i])] : [];
            var status = reach.Reachable ? StatusOf(found) : StatusOf(reach);
            solutions[i] = new Solution(status, Frame.InPlane(target), found, Point(reach.Nearest));
        }
        return solutions;
    }

    /// <summary>One answer on one branch (for a redundant chain, the first one found).</summary>
    [SkipLocalsInit]
    public IkAnswer SolveBranch(Pose2 target, Elbow branch, ReadOnlySpan<Obstacle> obstacles = default)
    {
        if (Redundant)
            return First(Solve(target, 1, branch, obstacles), branch);
        Span<IkAnswer> answer = stackalloc IkAnswer[1];
        SolveBranches([target], [branch], answer, obstacles);
        return answer[0];
    }

    /// <summary>Both branches of one target: [up, down].</summary>
    public (IkAnswer Up, IkAnswer Down) SolveBoth(Pose2 target, ReadOnlySpan<Obstacle> obstacles = default) =>
        (SolveBranch(target, Elbow.Up, obstacles), SolveBranch(target, Elbow.Down, obstacles));

    /// <summary>
    /// Many targets on one branch, one answer each. A non-redundant chain allocates nothing: one network pass
    /// per 64 targets, then refinement per target. NaN or infinite targets throw.
    /// </summary>
    public void SolveBranch(ReadOnlySpan<Pose2> targets, Elbow branch, Span<IkAnswer> answers,
        ReadOnlySpan<Obstacle> obstacles = default)
    {
        if (answers.Length < targets.Length)
            throw new ArgumentException($"answers has room for {answers.Length}, needs {targets.Length}");
        if (Redundant)
        {
            for (var i = 0; i < targets.Length; i++)
                answers[i] = First(Solve(targets[i], 1, branch, obstacles), branch);
            return;
        }
        Span<Elbow> branches = stackalloc Elbow[Chunk];
        branches.Fill(branch);
        for (var start = 0; start < targets.Length; start += Chunk)
        {
            var n = Math.Min(Chunk, targets.Length - start);
            SolveBranches(targets.Slice(start, n), branches[..n], answers.Slice(start, n), obstacles);
        }
    }

    static Vec3 Point(Point2 p) => new(p.X, p.Y, 0);

    /// <summary>
    /// θ2, taken in [−π, π], on the branch's side (up: θ2 &lt; 0, down: θ2 &gt; 0), or within 1e-9 of 0 where
    /// the arm is stretched and the two branches coincide. Near ±π (a target near the base) the side still
    /// decides: an up answer of +π − ε would be the down pose (the base itself is the singular case).
    /// </summary>
    public static bool OnBranch(double theta2, Elbow elbow)
    {
        var t = Math.IEEERemainder(theta2, 2 * Math.PI);
        return Math.Abs(t) < 1e-9 || (elbow == Elbow.Up ? t < 0 : t > 0);
    }
}
