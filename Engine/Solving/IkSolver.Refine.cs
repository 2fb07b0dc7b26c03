using System.Runtime.CompilerServices;
using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Solving;

// A planar candidate's way to an answer: network guess, refinement, closed-form restart, checks. Allocates nothing.
public sealed partial class IkSolver
{
    // Up to Chunk targets of a non-redundant chain, each with its own branch: one network pass, then per target.
    void SolveBranches(ReadOnlySpan<Pose2> targets, ReadOnlySpan<Elbow> branches, Span<IkAnswer> answers,
        ReadOnlySpan<Obstacle> obstacles)
    {
        var n = targets.Length;
        // Sized to the rows at hand: a single solve must not clear buffers for a whole chunk.
        Span<float> inputs = stackalloc float[n * _chainLayout!.Inputs];
        Span<float> outputs = stackalloc float[n * _chainLayout!.Outputs];
        Span<float> scratch = stackalloc float[Model.Network.InferScratchLength(n)];
        for (var i = 0; i < n; i++)
        {
            var t = _task.Read(targets[i]);
            if (!(double.IsFinite(t.X) && double.IsFinite(t.Y) && double.IsFinite(t.Phi)))
                throw new ArgumentException($"target ({t.X}, {t.Y}, φ {t.Phi}) is not finite");
            _chainLayout!.Encode(Model.Scaler, t, branches[i], [],
                inputs.Slice(i * _chainLayout!.Inputs, _chainLayout!.Inputs));
        }
        Model.Network.Infer(inputs, n, outputs, scratch);
        Span<double> guess = stackalloc double[_planar!.Joints];
        for (var i = 0; i < n; i++)
        {
            var target = _task.Read(targets[i]);
            var reach = Workspace.Of(_planar!, target, _task);
            if (!reach.Reachable)
            {
                answers[i] = Unreachable(StatusOf(reach), new Point2(target.X, target.Y).DistanceTo(reach.Nearest),
                    branches[i]);
                continue;
            }
            _chainLayout!.Decode(outputs.Slice(i * _chainLayout!.Outputs, _chainLayout!.Outputs),
                Math.Atan2(target.Y, target.X), guess);
            answers[i] = reach.Status == IkStatus.Singular ? Singular(target, branches[i], guess)
                : Refine(target, branches[i], [], guess, true, obstacles, null);
        }
    }

    /// <summary>
    /// One candidate (<see cref="Attempt"/>), its second start the closed-form pose of the candidate's posture (when
    /// <paramref name="closedForm"/>), then its status: blocked by the limits or the branch, by an obstacle, or Ok.
    /// </summary>
    [SkipLocalsInit]
    IkAnswer Refine(Pose2 target, Elbow branch, ReadOnlySpan<double> directions, ReadOnlySpan<double> guess,
        bool branchRequired, ReadOnlySpan<Obstacle> obstacles, IReadOnlyList<IkAnswer>? found, bool closedForm = true)
    {
        var onBranch = branchRequired || !Redundant;
        Span<double> theta = stackalloc double[_planar!.Joints];
        var tried = Attempt(new PlanarStarts(this, target, branch, directions, onBranch, closedForm), guess, found,
            theta);
        var (pose, raw) = (new JointVector(theta), new JointVector(guess));
        if (!tried.Accepted)
            return new IkAnswer(SolveStatus.LimitBlocked, branch, pose, tried.Result.Residual, tried.Iterations, raw,
                tried.Fallback);
        var status = SolveStatus.Ok;
        foreach (var obstacle in obstacles)
        {
            if (obstacle.Hits(_planar!, theta))
                status = SolveStatus.ObstacleBlocked;
        }
        return new IkAnswer(status, onBranch ? branch : Posture.BranchOf(theta), pose, tried.Result.Residual,
            tried.Iterations, raw, tried.Fallback);
    }

    ref struct PlanarStarts : IStarts
    {
        readonly IkSolver _solver;
        readonly Pose2 _target;
        readonly Elbow _branch;
        readonly ReadOnlySpan<double> _directions;
        readonly bool _onBranch;
        readonly bool _closedForm;

        public PlanarStarts(IkSolver solver, Pose2 target, Elbow branch, ReadOnlySpan<double> directions,
            bool onBranch, bool closedForm)
        {
            (_solver, _target, _branch, _onBranch, _closedForm) = (solver, target, branch, onBranch, closedForm);
            _directions = directions;
        }

        public readonly Refiner.Result Refine(scoped Span<double> q) =>
            Refiner.Refine(_solver._planar!, _target, _solver._task, q, _solver.Tolerance, _solver.MaxIterations);

        public readonly bool Accepted(scoped ReadOnlySpan<double> q, double residual) =>
            _solver.Accepted(q, residual, _branch, _onBranch);

        public readonly bool SecondStart(scoped Span<double> q) => _closedForm
            && Posture.Construct(_solver._planar!, _target, _solver._task, _directions, _branch, q)
                is IkStatus.Ok or IkStatus.Singular;
    }

    // A non-redundant chain whose first two links must meet at the base: θ2 = ±π with any θ1; θ1 = 0 within its
    // limits is the one given. No refinement: a step would wrap −π to +π and cross to the other branch.
    IkAnswer Singular(Pose2 target, Elbow branch, ReadOnlySpan<double> guess)
    {
        Span<double> theta = stackalloc double[_planar!.Joints];
        Span<double> error = stackalloc double[3];
        Posture.Construct(_planar!, target, _task, [], branch, theta);
        for (var j = 0; j < theta.Length; j++)
            theta[j] = _planar!.Limits[j].Clamp(_planar!.Limits[j].Represent(theta[j]));
        var residual = _task.Error(_planar!, target, theta, error);
        var status = _planar!.WithinLimits(theta) && residual <= Tolerance ? SolveStatus.Singular
            : SolveStatus.LimitBlocked;
        return new IkAnswer(status, branch, new JointVector(theta), residual, 0, new JointVector(guess), false);
    }

    // Within tolerance and the limits, and on the branch when that is asked (always, for a non-redundant chain).
    bool Accepted(ReadOnlySpan<double> theta, double residual, Elbow branch, bool onBranch) =>
        residual <= Tolerance && _planar!.WithinLimits(theta) && (!onBranch || OnBranch(theta[1], branch));

    // The first success's status (Ok or Singular); else obstacle before limits, as the more telling reason.
    static SolveStatus StatusOf(IReadOnlyList<IkAnswer> answers)
    {
        foreach (var a in answers)
        {
            if (a.Succeeded)
                return a.Status;
        }
        return answers.Any(a => a.Status == SolveStatus.ObstacleBlocked) ? SolveStatus.ObstacleBlocked
            : SolveStatus.LimitBlocked;
    }

    // A redundant chain's first answer on a branch, or, for an unreachable target, an answer saying so.
    IkAnswer First(Solution solution, Elbow branch) => solution.Answers.Count > 0 ? solution.Answers[0]
        : Unreachable(solution.Status, (solution.Target.P - solution.Nearest).Length, branch);

    // No pose: zero angles, and the distance to the nearest reachable point as the residual.
    IkAnswer Unreachable(SolveStatus status, double distance, Elbow branch)
    {
        var zero = JointVector.Zero(_planar!.Joints);
        return new IkAnswer(status, branch, zero, distance, 0, zero, false);
    }

    static SolveStatus StatusOf(Reachability reach) =>
        reach.Status == IkStatus.OutOfReach ? SolveStatus.OutOfReach : SolveStatus.InnerHole;
}
