using System.Runtime.CompilerServices;
using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Solving;

// A planar arm's candidates: per branch for a non-redundant chain (batched, allocation-free), by posture search
// for a redundant one (IkSolver.Search.cs); each refined with the closed-form pose as a second start.
public sealed partial class IkSolver
{
    const int Chunk = 64;

    /// <summary>The network's raw pose θ[N] for a target, a branch and absolute free-link directions.</summary>
    public void Guess(Pose2 target, Elbow branch, ReadOnlySpan<double> directions, Span<double> theta)
    {
        target = _task.Read(target);
        Span<float> input = stackalloc float[_chainLayout!.Inputs];
        Span<float> output = stackalloc float[_chainLayout!.Outputs];
        Span<float> scratch = stackalloc float[Model.Network.InferScratchLength(1)];
        _chainLayout!.Encode(Model.Scaler, target, branch, directions, input);
        Model.Network.Infer(input, 1, output, scratch);
        _chainLayout!.Decode(output, Math.Atan2(target.Y, target.X), theta);
    }

    /// <summary>
    /// Up to <paramref name="answers"/> distinct poses reaching <paramref name="target"/> (φ is ignored for
    /// positions), on <paramref name="branch"/> or either; a non-redundant chain answers once per branch.
    /// NaN or infinite targets throw. A redundant chain's search stops by <paramref name="stop"/> (default: after
    /// <see cref="MaxCandidates"/> per phase).
    /// </summary>
    public Solution Solve(Pose2 target, int answers = DefaultAnswers, Elbow? branch = null,
        ReadOnlySpan<Obstacle> obstacles = default, StopRule? stop = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(answers);
        stop?.Validate();
        target = _task.Read(target);
        var reach = Workspace.Of(_planar!, target, _task);
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
        var found = PostureSearch.Run(this, target, branches, branch is not null, obstacles.ToArray(), answers,
            stop ?? StopRule.After(MaxCandidates));
        return new Solution(StatusOf(found), Frame.InPlane(target), found, Point(reach.Nearest));
    }

    /// <summary>
    /// Many targets, one solution each, in order; a non-redundant chain's are solved in batches per branch.
    /// </summary>
    public Solution[] Solve(IReadOnlyList<Pose2> targets, int answers = DefaultAnswers, Elbow? branch = null,
        ReadOnlySpan<Obstacle> obstacles = default, StopRule? stop = null)
    {
        var solutions = new Solution[targets.Count];
        if (Redundant)
        {
            for (var i = 0; i < targets.Count; i++)
                solutions[i] = Solve(targets[i], answers, branch, obstacles, stop);
            return solutions;
        }
        var all = targets as Pose2[] ?? [.. targets];
        Elbow[] branches = branch is { } b ? [b] : [Elbow.Up, Elbow.Down];
        var each = branches.Select(_ => new IkAnswer[all.Length]).ToArray();
        for (var k = 0; k < branches.Length; k++)
            SolveBranch(all, branches[k], each[k], obstacles);
        for (var i = 0; i < all.Length; i++)
        {
            var target = _task.Read(all[i]);
            var reach = Workspace.Of(_planar!, target, _task);
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

    bool ContinueInPlane(Pose2 target, Elbow? branch, IReadOnlyList<Obstacle> obstacles, Span<double> theta)
    {
        target = _task.Read(target);
        var result = Refiner.Refine(_planar!, target, _task, theta, Tolerance, MaxIterations);
        if (result.Residual > Tolerance || !_planar!.WithinLimits(theta)
            || (branch is { } b && !OnBranch(theta[1], b)))
            return false;
        foreach (var obstacle in obstacles)
        {
            if (obstacle.Hits(_planar!, theta))
                return false;
        }
        return true;
    }

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
