using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;

namespace NeuralIk.Engine.Solving;

// An arm in space: each candidate is a reference posture, the network guesses the answer near it, and
// Levenberg–Marquardt (Refiner over ChainTarget) refines the guess within the limits. The first reference is the
// middle of the limits; later ones are random poses within the limits, and a guess that fails is followed by
// refinement from its reference itself, until the answers asked for are found or the time budget is spent. An
// answer is Ok only with FK recomputed within PositionTolerance and OrientationTolerance and every joint within its
// limits.
public sealed partial class IkSolver
{
    /// <summary>The first reference posture: the middle of each joint's range (0 for a continuous joint).</summary>
    public ReadOnlySpan<double> Middle => _middle;

    /// <summary>How the guesses read the network's weights (for an arm searched from references).</summary>
    public InferenceWeights Weights => _bf16 is null ? InferenceWeights.Fp32 : InferenceWeights.Bf16;

    readonly Bf16Network? _bf16;

    /// <summary>
    /// The network's raw pose q[N] for a target and a reference posture: its guess, then <see cref="Steps"/> learned
    /// steps from it where the model has them.
    /// </summary>
    public void Guess(Frame target, ReadOnlySpan<double> reference, Span<double> q)
    {
        GuessOnce(target, reference, q);
        Step(target, q);
    }

    // The guess network's answer near the reference, no steps: what the search refines from a reference anywhere,
    // where LM iterations (about 1.2 µs each on the Panda) cost less than steps (about 4.5 µs) for what they gain.
    void GuessOnce(Frame target, ReadOnlySpan<double> reference, Span<double> q)
    {
        Span<float> input = stackalloc float[ReferenceLayout.Inputs];
        Span<float> output = stackalloc float[ReferenceLayout.Outputs];
        ReferenceLayout.Encode(Model.Scaler, target, reference, input);
        Bf16Network.InferRow(Model.Network, _bf16, input, output);
        ReferenceLayout.Decode(output, q);
    }

    /// <summary>
    /// <see cref="Steps"/> learned steps of q[N] toward a pose target (none where the model has no step network),
    /// each from where the last left it: a learned Newton step, converging as its error shrinks. q ends at the
    /// nearest of the postures passed (from far off, a step may not lower the error: the network has not learned the
    /// way there).
    /// </summary>
    public void Step(Frame target, Span<double> q) => Step(target, q, Steps);

    void Step(Frame target, Span<double> q, int steps)
    {
        if (Model.Step is not { } network || _stepLayout is not { } layout || steps == 0)
            return;
        Span<float> input = stackalloc float[layout.Inputs];
        Span<float> output = stackalloc float[layout.Outputs];
        Span<double> best = stackalloc double[q.Length];
        q.CopyTo(best);
        var size = layout.Encode(target, q, Chain.Forward(q), input);
        var least = size;
        for (var s = 0; s < steps && size > 0; s++)
        {
            Bf16Network.InferRow(network, _stepBf16, input, output);
            layout.Apply(output, size, q);
            size = layout.Encode(target, q, Chain.Forward(q), input);
            if (size < least)
            {
                least = size;
                q.CopyTo(best);
            }
        }
        best.CopyTo(q);
    }

    // Up to `answers` distinct poses on the axes of `kind`, searched until the stop rule says so. For a position alone,
    // each candidate asks the network for the pose with its reference's orientation (FK of the reference), and the
    // refinement then fixes the position only (ReferenceSearch). The random references come from a generator seeded by
    // `seed`: the same call gives the same answers as long as a time budget does not cut it short.
    Solution SearchReferences(Frame target, SolveOptions options, CancellationToken cancel)
    {
        var (kind, answers) = (options.Task ?? Task, options.Answers);
        if (options.Near is { } near && near.Count != Chain.Count)
            throw new ArgumentException($"the current posture has {near.Count} joint values; the arm has " +
                $"{Chain.Count}");
        if (kind.IsSpatial != Task.IsSpatial)
            throw new ArgumentException(Task.IsSpatial ? $"a spatial arm reaches targets in space, not a planar " +
                $"{kind.Name}" : $"this arm reaches planar targets, not a spatial {kind.Name}");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(answers);
        if (!IsFinite(target))
            throw new ArgumentException("the target is not finite");
        if (OutOfReach(target.P) is { } nearest)
            return new Solution(SolveStatus.OutOfReach, target, [], nearest);
        // The nearest within the stop rule: every distinct answer it finds (up to a bound), then the nearest kept.
        var wanted = options.Near is not null && options.NearMode == NearMode.Nearest ? Math.Max(answers, 64) : answers;
        var heads = options.Network && options.Near is null && kind.HasOrientation ? DirectHeads : 0;
        var search = new ReferenceSearch(this, target, kind, wanted, options.Network, heads)
        {
            FirstAsIs = options.Near is not null,
        };
        var (clock, tried) = (new StopClock(options.Stop ?? ReferenceStop), 0);
        Search(References(options.Seed, options.Near, heads, () => search.Resuming), search, int.MaxValue, ref clock,
            ref tried, cancel);
        if (search.Found.Count == 0)
            return new Solution(SolveStatus.NotFound, target, [search.Best], target.P);
        var found = options.Near is { } current ? Nearest(search.Found, current, answers) : search.Found;
        return new Solution(SolveStatus.Ok, target, found, target.P);
    }

    // The answers nearest the current posture in the largest joint change, nearest first, each turning joint's value
    // turned by whole turns to lie nearest its current one where the limits allow (a joint with more than a turn of
    // range, or a continuous one: answers a turn apart are one answer to the search, not to a robot moving from
    // here). A sliding joint or an actuator has no such twin.
    List<IkAnswer> Nearest(List<IkAnswer> found, IReadOnlyList<double> near, int answers)
    {
        var q = new double[Chain.Count];
        var moved = found.Select(a =>
        {
            a.Theta.CopyTo(q);
            for (var j = 0; j < q.Length; j++)
            {
                var turned = near[j] + Angles.Wrap(q[j] - near[j]);
                var turns = _spatial is { } arm && arm.Joints[j].Type != JointType.Prismatic;
                if (turns && Chain.Ranges[j].Contains(turned))
                    q[j] = turned;
            }
            return a with { Theta = new JointVector(q) };
        });
        return [.. moved.OrderBy(a => Change(a.Theta, near)).Take(answers)];
    }

    // References drawn near a current posture before the random ones.
    const int NearReferences = 16;

    /// <summary>The largest joint change from <paramref name="near"/> to <paramref name="q"/> (L∞).</summary>
    public static double Change(JointVector q, IReadOnlyList<double> near)
    {
        var largest = 0.0;
        for (var j = 0; j < near.Count; j++)
            largest = Math.Max(largest, Math.Abs(q[j] - near[j]));
        return largest;
    }

    // The current posture (kept within the limits) or the middle of the limits, then random poses within them from a
    // generator seeded by `seed`, each in the same array: a candidate is tried before the next is drawn
    // (ReferenceSearch guesses one at a time). Given a current posture, the first random ones lie near it (each joint
    // moved by up to 0.2 rad): the answers a robot moving from there wants are found before the far ones. The direct
    // guess's heads, where given, take the middle's place: their candidates come from the target alone, each standing
    // on the middle, unused, and so do the heads that stopped short, refined on, while `resume` says one is left.
    IEnumerable<double[]> References(ulong seed, IReadOnlyList<double>? near, int heads, Func<bool> resume)
    {
        var reference = near is null ? _middle.ToArray() : [.. near];
        Chain.Project(reference);
        for (var h = 0; h < Math.Max(heads, 1); h++)
            yield return reference;
        while (resume())
            yield return reference;
        var rng = new Rng(seed);
        for (var k = 0; k < (near is null ? 0 : NearReferences); k++)
        {
            for (var j = 0; j < reference.Length; j++)
                reference[j] = Chain.Ranges[j].Clamp(near![j] + rng.Uniform(-0.2, 0.2));
            yield return reference;
        }
        while (true)
        {
            PoseSampler.Draw(Chain, rng, reference);
            yield return reference;
        }
    }

    bool ContinueInSpace(Frame target, TaskBounds task, Span<double> q)
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

    // The nearest point within reach of a target provably beyond it, or null: a URDF arm's reach bound (a pose on the
    // bound, a stretched arm, reaches it within rounding, and within the tolerance is a success); for an arm learned
    // from its recordings, the cells its samples reached (its map extrapolates anywhere else).
    Vec3? OutOfReach(Vec3 target)
    {
        if (Chain is LearnedChain learned)
            return learned.Workspace.Contains(target) ? null : learned.Workspace.Nearest(target);
        var fromBase = target - Spatial.Mount.P;
        return fromBase.Norm() > Spatial.Reach + PositionTolerance
            ? Spatial.Mount.P + Spatial.Reach * fromBase.Direction() : null;
    }

    static bool IsFinite(Frame f) => f.P.IsFinite && f.Row0.IsFinite && f.Row1.IsFinite && f.Row2.IsFinite;
}
