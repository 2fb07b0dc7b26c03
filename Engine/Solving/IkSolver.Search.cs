using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Numerics;

namespace NeuralIk.Engine.Solving;

// A redundant chain's search for distinct answers: its state per solve, apart from the solver it belongs to
// (which stays immutable and shared).
public sealed partial class IkSolver
{
    const int RandomStartCount = 32;
    const int WalkSteps = 16;
    const int EdgeHalvings = 6;
    const int PackStarts = 64;
    /// <summary>Poses closer than this (radians) are the same pose found twice.</summary>
    const double Same = 1e-6;
    // Turns of a free direction tried around an answer, in multiples of the separation, then in radians.
    static readonly double[] NeighbourSeparations = [1, 2, 4, 0.5];
    static readonly double[] NeighbourRadians = [1.0, 2.0];

    readonly record struct Candidate(double[] Directions, Elbow Branch);

    /// <summary>
    /// Postures spread over the torus (<see cref="PostureSequence"/>, feasible wrists only), then, if the limits
    /// blocked everything, starts drawn within the limits, then postures next to the answers found, keeping
    /// answers at least <see cref="Separation"/> apart until there are as many as asked. Where the self-motion
    /// is too small for that, it walks along it from each answer and packs what it found.
    /// </summary>
    sealed class PostureSearch(IkSolver solver, Pose2 target, bool branchRequired, Obstacle[] obstacles, int answers,
        StopRule rule) : ISearch<Candidate>
    {

        readonly List<IkAnswer> _pool = [];
        // The count applies per phase, the time budget to the whole search.
        StopClock _clock = new(rule with { Candidates = null });
        int _tried;

        List<IkAnswer> Found { get; set; } = [];
        List<IkAnswer> Reasons { get; } = [];

        /// <summary>The distinct answers found, or, with none, the best reason per branch.</summary>
        public static List<IkAnswer> Run(IkSolver solver, Pose2 target, Elbow[] branches, bool branchRequired,
            Obstacle[] obstacles, int answers, StopRule rule)
        {
            var search = new PostureSearch(solver, target, branchRequired, obstacles, answers, rule);
            search.Phase(solver.Spread(target, branches));
            if (search.Found.Count == 0)
                search.RandomStarts(branches, answers);
            for (var round = 0; round < search.Found.Count && search.Found.Count < answers; round++)
                search.Phase(solver.Neighbours(search.Found[round], branches));
            if (search.Found.Count < answers)
                search.Walk();
            search.Pack(answers);
            return search.Found.Count > 0 ? search.Found : search.Reasons;
        }

        public int Batch => 8;
        public bool Enough => Found.Count >= answers;

        // One phase's candidates through the candidate loop: the count applies per phase, the clock to the search.
        void Phase(IEnumerable<Candidate> candidates) =>
            Search(candidates, this, rule.Candidates ?? int.MaxValue, ref _clock, ref _tried);

        public void Try(Candidate candidate, double[] guess) => Keep(Refine(candidate, guess));

        // Starts drawn within the limits, from a generator seeded by the target, for when every posture was blocked.
        void RandomStarts(Elbow[] branches, int wanted)
        {
            var rng = new Rng(BitConverter.DoubleToUInt64Bits(target.X)
                ^ ulong.RotateLeft(BitConverter.DoubleToUInt64Bits(target.Y), 21)
                ^ ulong.RotateLeft(BitConverter.DoubleToUInt64Bits(target.Phi), 42));
            var count = Math.Min(RandomStartCount, rule.Candidates ?? int.MaxValue);
            for (var i = 0; i < count && Found.Count < wanted && !_clock.Stops(_tried++); i++)
            {
                var start = new double[solver._planar!.Joints];
                PoseSampler.Draw(solver._planar!, rng, start);
                Keep(Refine(new Candidate([], branches[i % branches.Length]), start, closedForm: false));
            }
        }

        // For a self-motion too small for the steps above: from each answer, turns each free direction a quarter
        // separation at a time, both ways, taking the closed-form pose of each posture, until it leaves the limits
        // or WalkSteps are taken; where it leaves them, halves the last step a few times to end at the edge, where
        // the poses farthest apart lie. Every pose on the way joins the pool that Pack picks from. A time budget that
        // runs out ends the walk.
        void Walk()
        {
            var own = new double[solver._chainLayout!.Free];
            var quarter = solver.Separation / 4;
            foreach (var answer in Found.ToArray())
            {
                Posture.Of(answer.Theta.ToArray(), solver._task, own);
                for (var k = 0; k < own.Length; k++)
                {
                    foreach (var sign in new[] { 1, -1 })
                    {
                        for (var step = 1; step <= WalkSteps; step++)
                        {
                            if (_clock.Stops(_tried))
                                return;
                            if (Turned(own, k, sign * step * quarter, answer.Branch!.Value) is { } walked)
                            {
                                Keep(walked);
                                continue;
                            }
                            var (inside, outside) = ((step - 1) * quarter, step * quarter);
                            for (var h = 0; h < EdgeHalvings; h++)
                            {
                                var middle = (inside + outside) / 2;
                                if (Turned(own, k, sign * middle, answer.Branch!.Value) is { } edge)
                                {
                                    Keep(edge);
                                    inside = middle;
                                }
                                else
                                {
                                    outside = middle;
                                }
                            }
                            break;
                        }
                    }
                }
            }
        }

        // The pose with free direction k of a posture turned by `turn`, refined, if it succeeds.
        IkAnswer? Turned(double[] own, int k, double turn, Elbow branch)
        {
            var directions = (double[])own.Clone();
            directions[k] = Angles.Wrap(directions[k] + turn);
            var start = new double[solver._planar!.Joints];
            if (Posture.Construct(solver._planar!, target, solver._task, directions, branch, start) is not
                (IkStatus.Ok or IkStatus.Singular))
                return null;
            var walked = Refine(new Candidate(directions, branch), start, closedForm: false);
            return walked.Succeeded ? walked : null;
        }

        // Where the answers kept as they came fall short, picks again from every distinct success seen: from each
        // as a start, the nearest pose the separation away from all chosen so far, then the next. Along a
        // one-dimensional self-motion this packs as many poses as fit; on a small loop or patch it beats first
        // come, first kept.
        void Pack(int wanted)
        {
            if (Found.Count >= wanted || _pool.Count <= Found.Count)
                return;
            foreach (var start in _pool.Take(PackStarts))
            {
                var chosen = new List<IkAnswer> { start };
                foreach (var a in _pool.OrderBy(a => a.Theta.DistanceTo(start.Theta)))
                {
                    if (chosen.Count < wanted && chosen.All(c => c.Theta.DistanceTo(a.Theta) >= solver.Separation))
                        chosen.Add(a);
                }
                if (chosen.Count > Found.Count)
                    Found = chosen;
                if (Found.Count >= wanted)
                    return;
            }
        }

        // One network pass over the batch; each guess decoded into its row.
        public void Guess(List<Candidate> batch, double[][] guesses)
        {
            var layout = solver._chainLayout!;
            var network = solver.Model.Network;
            Span<float> inputs = stackalloc float[batch.Count * layout.Inputs];
            Span<float> outputs = stackalloc float[batch.Count * layout.Outputs];
            Span<float> scratch = stackalloc float[network.InferScratchLength(batch.Count)];
            for (var i = 0; i < batch.Count; i++)
                layout.Encode(solver.Model.Scaler, target, batch[i].Branch, batch[i].Directions,
                    inputs.Slice(i * layout.Inputs, layout.Inputs));
            network.Infer(inputs, batch.Count, outputs, scratch);
            var psi = Math.Atan2(target.Y, target.X);
            for (var i = 0; i < batch.Count; i++)
                layout.Decode(outputs.Slice(i * layout.Outputs, layout.Outputs), psi,
                    guesses[i] ??= new double[layout.Joints]);
        }

        IkAnswer Refine(Candidate candidate, double[] guess, bool closedForm = true) =>
            solver.Refine(target, candidate.Branch, candidate.Directions, guess, branchRequired, obstacles, Found,
                closedForm);

        // A success joins the answers if it is distinct from them; until there is one, failures compete to be their
        // branch's reason.
        void Keep(IkAnswer answer)
        {
            if (answer.Succeeded)
            {
                if (_pool.All(p => p.Theta.DistanceTo(answer.Theta) > Same))
                    _pool.Add(answer);
                if (Found.All(f => f.Theta.DistanceTo(answer.Theta) >= solver.Separation))
                    Found.Add(answer);
                return;
            }
            if (Found.Count > 0)
                return;
            var index = Reasons.FindIndex(r => r.Branch == answer.Branch);
            if (index < 0)
                Reasons.Add(answer);
            else if (Better(answer, Reasons[index]))
                Reasons[index] = answer;
        }

        // A pose that reaches the target but hits an obstacle says more than one that misses it.
        static bool Better(IkAnswer a, IkAnswer b) =>
            a.Status == SolveStatus.ObstacleBlocked ? b.Status != SolveStatus.ObstacleBlocked || a.Residual < b.Residual
            : b.Status != SolveStatus.ObstacleBlocked && a.Residual < b.Residual;
    }

    // Postures from the sequence, rotated with the target, whose wrist the first two links can reach.
    IEnumerable<Candidate> Spread(Pose2 target, Elbow[] branches)
    {
        var psi = Math.Atan2(target.Y, target.X);
        var (inner, outer) = (_planar!.Base.InnerRadius, _planar!.Base.Reach);
        var offsets = new double[_chainLayout!.Free];
        for (var j = 0; j < 64 * MaxCandidates; j++)
        {
            _sequence!.At(j, offsets);
            var directions = offsets.Select(o => Angles.Wrap(psi + o)).ToArray();
            var r = Posture.Wrist(_planar!, target, _task, directions).Radius;
            if (r >= inner && r <= outer)
                yield return new Candidate(directions, branches[j % branches.Length]);
        }
    }

    // The answer's posture on the other branch, then each free direction turned both ways by growing steps.
    IEnumerable<Candidate> Neighbours(IkAnswer answer, Elbow[] branches)
    {
        var own = new double[_chainLayout!.Free];
        Posture.Of(answer.Theta.ToArray(), _task, own);
        foreach (var other in branches.Where(b => b != answer.Branch))
            yield return new Candidate(own, other);
        foreach (var step in NeighbourSeparations.Select(m => m * Separation).Concat(NeighbourRadians))
        {
            for (var k = 0; k < _chainLayout!.Free; k++)
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
