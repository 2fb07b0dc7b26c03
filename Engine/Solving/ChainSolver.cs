using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;

namespace NeuralIk.Engine.Solving;

/// <summary>
/// The IK solver for a chain model (3 to 8 links; positions or full poses). Each candidate is a branch
/// and, for a redundant chain, a posture (free-link directions, see <see cref="Posture"/>): the network
/// guesses its pose, Levenberg–Marquardt refines it within the limits to <see cref="Tolerance"/>, and
/// if that fails the closed-form pose of the same posture is a second start. A 3-link pose has one
/// candidate per branch. A redundant chain tries postures spread over the torus
/// (<see cref="PostureSequence"/>, feasible wrists only), then, if the limits blocked everything,
/// starts drawn within the limits, then postures next to the answers found; it keeps answers at least
/// <see cref="Separation"/> apart until it has as many as asked. Where the self-motion is too small for
/// that, it walks along it from each answer and packs what it found. Immutable, no shared scratch:
/// safe for any number of threads.
/// </summary>
public sealed partial class ChainSolver
{
    public const int DefaultAnswers = 4;
    const int RandomStartCount = 32;
    const int WalkSteps = 16;
    const int PackStarts = 64;
    /// <summary>Poses closer than this (radians) are the same pose found twice.</summary>
    const double Same = 1e-6;
    // Turns of a free direction tried around an answer, in multiples of the separation, then in radians.
    static readonly double[] NeighbourSeparations = [1, 2, 4, 0.5];
    static readonly double[] NeighbourRadians = [1.0, 2.0];

    readonly PostureSequence _sequence;

    public ChainSolver(IkModel model, int maxIterations = 50, int maxCandidates = 48)
    {
        if (model.Kind != ModelKind.Solver)
            throw new ArgumentException("a seed model gives one averaged answer; a chain solver needs a solver model");
        Model = model;
        Layout = new ChainLayout(model.Chain.Joints, model.TargetKind);
        MaxIterations = maxIterations;
        MaxCandidates = maxCandidates;
        Tolerance = 1e-9 * model.Chain.Reach;
        _sequence = new PostureSequence(Layout.Free);
    }

    public static ChainSolver Load(string path) => new(IkModel.Load(path));

    public IkModel Model { get; }
    public PlanarChain Chain => Model.Chain;
    public TargetKind TargetKind => Layout.TargetKind;
    public ChainLayout Layout { get; }
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
        Span<float> input = stackalloc float[Layout.Inputs];
        Span<float> output = stackalloc float[Layout.Outputs];
        Span<float> scratch = stackalloc float[Model.Network.InferScratchLength(1)];
        Layout.Encode(Model.Scaler, target, branch, directions, input);
        Model.Network.Infer(input, 1, output, scratch);
        Layout.Decode(output, Math.Atan2(target.Y, target.X), theta);
    }

    /// <summary>
    /// Up to <paramref name="answers"/> distinct poses reaching <paramref name="target"/> (φ is ignored by a
    /// position model), on <paramref name="branch"/> or either; a 3-link pose model answers once per branch.
    /// NaN or infinite targets throw.
    /// </summary>
    public ChainSolution Solve(Pose2 target, int answers = DefaultAnswers, Elbow? branch = null,
        ReadOnlySpan<Obstacle> obstacles = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(answers);
        target = TargetKind.Read(target);
        var reach = Workspace.Of(Chain, target, TargetKind);
        if (!reach.Reachable)
            return new ChainSolution(reach.Status == IkStatus.OutOfReach ? SolveStatus.OutOfReach
                : SolveStatus.InnerHole, target, [], reach.Nearest);
        Elbow[] branches = branch is { } b ? [b] : [Elbow.Up, Elbow.Down];
        var search = new Search(this, target, branch is not null, obstacles.ToArray());
        if (Layout.Free == 0)
        {
            var each = search.Each(branches);
            return new ChainSolution(StatusOf(each), target, each, reach.Nearest);
        }
        search.Try(Spread(target, branches), answers);
        if (search.Found.Count == 0)
            search.RandomStarts(branches, answers);
        for (var round = 0; round < search.Found.Count && search.Found.Count < answers; round++)
            search.Try(Neighbours(search.Found[round], branches), answers);
        if (search.Found.Count < answers)
            search.Walk();
        search.Pack(answers);
        var all = search.Found.Count > 0 ? search.Found : search.Reasons;
        return new ChainSolution(StatusOf(all), target, all, reach.Nearest);
    }

    static SolveStatus StatusOf(List<ChainAnswer> answers) =>
        answers.Any(a => a.Succeeded) ? SolveStatus.Ok
        : answers.Any(a => a.Status == SolveStatus.ObstacleBlocked) ? SolveStatus.ObstacleBlocked
        : SolveStatus.LimitBlocked;

    /// <summary>Many targets, one solution each, in order.</summary>
    public ChainSolution[] Solve(IReadOnlyList<Pose2> targets, int answers = DefaultAnswers, Elbow? branch = null,
        ReadOnlySpan<Obstacle> obstacles = default)
    {
        var solutions = new ChainSolution[targets.Count];
        for (var i = 0; i < targets.Count; i++)
            solutions[i] = Solve(targets[i], answers, branch, obstacles);
        return solutions;
    }

    readonly record struct Candidate(double[] Directions, Elbow Branch);

    // Postures from the sequence, rotated with the target, whose wrist the first two links can reach.
    IEnumerable<Candidate> Spread(Pose2 target, Elbow[] branches)
    {
        var psi = Math.Atan2(target.Y, target.X);
        var (inner, outer) = (Chain.Base.InnerRadius, Chain.Base.Reach);
        var offsets = new double[Layout.Free];
        for (var j = 0; j < 64 * MaxCandidates; j++)
        {
            _sequence.At(j, offsets);
            var directions = offsets.Select(o => Angles.Wrap(psi + o)).ToArray();
            var r = Posture.Wrist(Chain, target, TargetKind, directions).Radius;
            if (r >= inner && r <= outer)
                yield return new Candidate(directions, branches[j % branches.Length]);
        }
    }

    // The answer's posture on the other branch, then each free direction turned both ways by growing steps.
    IEnumerable<Candidate> Neighbours(ChainAnswer answer, Elbow[] branches)
    {
        var own = new double[Layout.Free];
        Posture.Of(answer.Theta, TargetKind, own);
        foreach (var other in branches.Where(b => b != answer.Branch))
            yield return new Candidate(own, other);
        foreach (var step in NeighbourSeparations.Select(m => m * Separation).Concat(NeighbourRadians))
        {
            for (var k = 0; k < Layout.Free; k++)
            {
                foreach (var sign in new[] { 1, -1 })
                {
                    var directions = (double[])own.Clone();
                    directions[k] = Angles.Wrap(directions[k] + sign * step);
                    foreach (var b in branches)
                        yield return new Candidate(directions, b);
                }
            }
        }
    }
}
