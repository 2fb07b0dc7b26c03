using System.Runtime.CompilerServices;
using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Solving;

// One candidate's way to an answer: network guess, refinement, closed-form restart, checks. Allocates nothing.
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
    /// One candidate: refined from the guess, then, if that fails or lands on an answer already
    /// <paramref name="found"/>, from the closed-form pose of the candidate's posture (when
    /// <paramref name="closedForm"/>). Allocates nothing.
    /// </summary>
    [SkipLocalsInit]
    IkAnswer Refine(Pose2 target, Elbow branch, ReadOnlySpan<double> directions, ReadOnlySpan<double> guess,
        bool branchRequired, ReadOnlySpan<Obstacle> obstacles, IReadOnlyList<IkAnswer>? found, bool closedForm = true)
    {
        var onBranch = branchRequired || !Redundant;
        Span<double> theta = stackalloc double[_planar!.Joints];
        guess.CopyTo(theta);
        var result = Refiner.Refine(_planar!, target, _task, theta, Tolerance, MaxIterations);
        var iterations = result.Iterations;
        var fallback = false;
        if (closedForm && !(Accepted(theta, result.Residual, branch, onBranch) && Distinct(found, theta)))
        {
            Span<double> start = stackalloc double[_planar!.Joints];
            if (Posture.Construct(_planar!, target, _task, directions, branch, start) is IkStatus.Ok
                or IkStatus.Singular)
            {
                var second = Refiner.Refine(_planar!, target, _task, start, Tolerance, MaxIterations);
                iterations += second.Iterations;
                var accepted = Accepted(start, second.Residual, branch, onBranch);
                if ((accepted && Distinct(found, start))
                    || (!Accepted(theta, result.Residual, branch, onBranch)
                        && (accepted || second.Residual < result.Residual)))
                {
                    start.CopyTo(theta);
                    (result, fallback) = (second, true);
                }
            }
        }
        var pose = new JointVector(theta);
        var raw = new JointVector(guess);
        if (!Accepted(theta, result.Residual, branch, onBranch))
            return new IkAnswer(SolveStatus.LimitBlocked, branch, pose, result.Residual, iterations, raw, fallback);
        var status = SolveStatus.Ok;
        foreach (var obstacle in obstacles)
        {
            if (obstacle.Hits(_planar!, theta))
                status = SolveStatus.ObstacleBlocked;
        }
        return new IkAnswer(status, onBranch ? branch : Posture.BranchOf(theta), pose, result.Residual, iterations,
            raw, fallback);
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

    bool Distinct(IReadOnlyList<IkAnswer>? found, ReadOnlySpan<double> theta)
    {
        for (var i = 0; i < (found?.Count ?? 0); i++)
        {
            if (found![i].Theta.DistanceTo(theta) < Separation)
                return false;
        }
        return true;
    }

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
