using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;

namespace NeuralIk.Engine.Solving;

/// <summary>
/// The IK solver to embed: the network's guess for each branch, refined by damped least squares to
/// <see cref="Tolerance"/>, then checked (reach, limits, branch, obstacles) before it is called a
/// success. If refinement from the guess fails on a reachable target, the analytic pose of that
/// branch is tried as a second start, so a weak guess costs time, never a wrong status.
/// Immutable after construction and without shared scratch: safe for any number of threads.
/// </summary>
public sealed class IkSolver
{
    const int Chunk = 64;

    public IkSolver(IkModel model, int maxIterations = 100)
    {
        if (!Fits(model))
            throw new ArgumentException($"a {model.Chain.Joints}-link {model.Kind.ToString().ToLowerInvariant()} " +
                $"model is not a 2-link position solver's; train with the default preset");
        Model = model;
        MaxIterations = maxIterations;
        Tolerance = 1e-9 * model.Arm.Reach;
    }

    public static IkSolver Load(string path) => new(IkModel.Load(path));

    /// <summary>Whether this solver takes the model: a solver network for a 2-link arm and positions.</summary>
    public static bool Fits(IkModel model) => model.Kind == ModelKind.Solver && model.Chain.Joints == 2
        && model.TargetKind == TargetKind.Position;

    public IkModel Model { get; }
    /// <summary>The network's inputs and outputs: the chain layout for N = 2 and a position.</summary>
    public ChainLayout Layout { get; } = new(2, TargetKind.Position);
    public Arm Arm => Model.Arm;
    public JointLimits Limits => Model.Limits;
    /// <summary>Largest accepted |FK(θ) − target|: 1e-9 × reach.</summary>
    public double Tolerance { get; }
    public int MaxIterations { get; }

    /// <summary>
    /// The network's raw guess for a branch, before refinement and checks (for evaluation and pictures).
    /// </summary>
    public JointAngles Guess(double x, double y, Elbow elbow)
    {
        Span<float> input = stackalloc float[Layout.Inputs];
        Span<float> output = stackalloc float[Layout.Outputs];
        Span<float> scratch = stackalloc float[Model.Network.InferScratchLength(1)];
        Layout.Encode(Model.Scaler, new Pose2(x, y, 0), elbow, [], input);
        Model.Network.Infer(input, 1, output, scratch);
        return Decode(output, Math.Atan2(y, x));
    }

    /// <summary>Solves one target on one branch.</summary>
    public IkAnswer Solve(double x, double y, Elbow elbow, ReadOnlySpan<Obstacle> obstacles = default)
    {
        Span<IkAnswer> answer = stackalloc IkAnswer[1];
        Span<Point2> target = [new Point2(x, y)];
        Solve(target, elbow, answer, obstacles);
        return answer[0];
    }

    /// <summary>Both branches of one target: [up, down].</summary>
    public (IkAnswer Up, IkAnswer Down) SolveBoth(double x, double y, ReadOnlySpan<Obstacle> obstacles = default)
    {
        Span<IkAnswer> answers = stackalloc IkAnswer[2];
        Span<Point2> targets = [new Point2(x, y), new Point2(x, y)];
        SolveBranches(targets, [Elbow.Up, Elbow.Down], answers, obstacles);
        return (answers[0], answers[1]);
    }

    /// <summary>Many targets on one branch; allocates nothing. NaN or infinite targets throw.</summary>
    public void Solve(ReadOnlySpan<Point2> targets, Elbow elbow, Span<IkAnswer> answers,
        ReadOnlySpan<Obstacle> obstacles = default)
    {
        Span<Elbow> branches = stackalloc Elbow[Chunk];
        branches.Fill(elbow);
        for (var start = 0; start < targets.Length; start += Chunk)
        {
            var n = Math.Min(Chunk, targets.Length - start);
            SolveBranches(targets.Slice(start, n), branches[..n], answers.Slice(start, n), obstacles);
        }
    }

    // Up to Chunk targets, each with its own branch: one batched network pass, then per-target refinement.
    void SolveBranches(ReadOnlySpan<Point2> targets, ReadOnlySpan<Elbow> branches, Span<IkAnswer> answers,
        ReadOnlySpan<Obstacle> obstacles)
    {
        var n = targets.Length;
        if (n > Chunk)
            throw new ArgumentException($"at most {Chunk} targets per network pass, got {n}");
        if (answers.Length < n)
            throw new ArgumentException($"answers has room for {answers.Length}, needs {n}");
        // Sized to the rows at hand: a single solve must not clear buffers for a whole chunk.
        Span<float> inputs = stackalloc float[n * Layout.Inputs];
        Span<float> outputs = stackalloc float[n * Layout.Outputs];
        Span<float> scratch = stackalloc float[Model.Network.InferScratchLength(n)];
        for (var i = 0; i < n; i++)
        {
            var (x, y) = (targets[i].X, targets[i].Y);
            if (!double.IsFinite(x) || !double.IsFinite(y))
                throw new ArgumentException($"target ({x}, {y}) is not a finite point");
            Layout.Encode(Model.Scaler, new Pose2(x, y, 0), branches[i], [], inputs.Slice(2 * i, 2));
        }
        Model.Network.Infer(inputs[..(2 * n)], n, outputs, scratch);
        for (var i = 0; i < n; i++)
        {
            var guess = Decode(outputs.Slice(4 * i, 4), Math.Atan2(targets[i].Y, targets[i].X));
            answers[i] = Finish(targets[i], branches[i], guess, obstacles);
        }
    }

    JointAngles Decode(ReadOnlySpan<float> output, double psi)
    {
        Span<double> theta = stackalloc double[2];
        Layout.Decode(output, psi, theta);
        return new JointAngles(theta[0], theta[1]);
    }

    IkAnswer Finish(Point2 target, Elbow elbow, JointAngles guess, ReadOnlySpan<Obstacle> obstacles)
    {
        var analytic = AnalyticIk.Solve(Arm, target.X, target.Y);
        switch (analytic.Status)
        {
            case IkStatus.OutOfReach:
                return new IkAnswer(SolveStatus.OutOfReach, elbow, 0, 0, target.DistanceTo(analytic.Nearest), 0,
                    analytic.Nearest);
            case IkStatus.InnerHole:
                return new IkAnswer(SolveStatus.InnerHole, elbow, 0, 0, target.DistanceTo(analytic.Nearest), 0,
                    analytic.Nearest);
            case IkStatus.Singular:
                return Singular(target, elbow);
        }
        var refined = Refiner.Refine(Arm, Limits, target.X, target.Y, guess.Theta1, guess.Theta2, Tolerance,
            MaxIterations);
        var fallback = false;
        if (!Accepted(refined, elbow))
        {
            var start = analytic.Branch(elbow);
            var second = Refiner.Refine(Arm, Limits, target.X, target.Y, start.Theta1, start.Theta2, Tolerance,
                MaxIterations);
            refined = second with { Iterations = refined.Iterations + second.Iterations };
            fallback = true;
            if (!Accepted(refined, elbow))
                return new IkAnswer(SolveStatus.LimitBlocked, elbow, refined.Theta1, refined.Theta2, refined.Residual,
                    refined.Iterations, target, true);
        }
        foreach (var obstacle in obstacles)
        {
            if (obstacle.Hits(Arm, refined.Theta1, refined.Theta2))
                return new IkAnswer(SolveStatus.ObstacleBlocked, elbow, refined.Theta1, refined.Theta2,
                    refined.Residual, refined.Iterations, target, fallback);
        }
        return new IkAnswer(SolveStatus.Ok, elbow, refined.Theta1, refined.Theta2, refined.Residual,
            refined.Iterations, target, fallback);
    }

    // Success needs the residual, the limits and the branch.
    bool Accepted(Refiner.Result r, Elbow elbow) =>
        r.Residual <= Tolerance && Limits.Contains(r.Theta1, r.Theta2) && OnBranch(r.Theta2, elbow);

    /// <summary>
    /// θ2, taken in [−π, π], on the branch's side (up: θ2 &lt; 0, down: θ2 &gt; 0), or within 1e-9 of 0 where the arm
    /// is
    /// stretched and the two branches coincide. Near ±π (a target near the base) the side still decides: an up
    /// answer of +π − ε would be the down pose (the base itself is the singular case, solved apart).
    /// </summary>
    public static bool OnBranch(double theta2, Elbow elbow)
    {
        var t = Math.IEEERemainder(theta2, 2 * Math.PI);
        return Math.Abs(t) < 1e-9 || (elbow == Elbow.Up ? t < 0 : t > 0);
    }

    IkAnswer Singular(Point2 target, Elbow elbow)
    {
        var theta2 = Limits.Joint2.Represent(elbow == Elbow.Up ? -Math.PI : Math.PI);
        var theta1 = Limits.Joint1.Clamp(0);
        var residual = Arm.Forward(theta1, theta2).DistanceTo(target);
        var status = Limits.Contains(theta1, theta2) && residual <= Tolerance ? SolveStatus.Singular
            : SolveStatus.LimitBlocked;
        return new IkAnswer(status, elbow, theta1, theta2, residual, 0, target);
    }
}
