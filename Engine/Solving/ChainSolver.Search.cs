using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Numerics;

namespace NeuralIk.Engine.Solving;

// One solve's search state, apart from the solver it belongs to (which stays immutable and shared).
public sealed partial class ChainSolver
{
    /// <summary>
    /// The answers of one solve as they are found, and the best reason per branch while there are none.
    /// </summary>
    sealed class Search(ChainSolver solver, Pose2 target, bool branchRequired, Obstacle[] obstacles)
    {
        const int Chunk = 8;

        readonly List<ChainAnswer> _pool = [];

        public List<ChainAnswer> Found { get; private set; } = [];
        public List<ChainAnswer> Reasons { get; } = [];

        /// <summary>
        /// One answer per branch, in the order given, whatever its status (a 3-link pose: no posture to vary).
        /// </summary>
        public List<ChainAnswer> Each(Elbow[] branches)
        {
            var answers = new List<ChainAnswer>(branches.Length);
            Guesses([.. branches.Select(b => new Candidate([], b))],
                (candidate, guess) => answers.Add(Refine(candidate, guess)));
            return answers;
        }

        /// <summary>
        /// Refines candidates, network-guessed in batches, until <paramref name="wanted"/> distinct answers or
        /// MaxCandidates are spent.
        /// </summary>
        public void Try(IEnumerable<Candidate> candidates, int wanted)
        {
            using var source = candidates.Take(solver.MaxCandidates).GetEnumerator();
            var batch = new List<Candidate>(Chunk);
            while (Found.Count < wanted)
            {
                batch.Clear();
                while (batch.Count < Chunk && source.MoveNext())
                    batch.Add(source.Current);
                if (batch.Count == 0)
                    return;
                Guesses(batch, (candidate, guess) =>
                {
                    if (Found.Count < wanted)
                        Keep(Refine(candidate, guess));
                });
            }
        }

        /// <summary>
        /// Starts drawn within the limits, from a generator seeded by the target, for when every posture was blocked.
        /// </summary>
        public void RandomStarts(Elbow[] branches, int wanted)
        {
            var rng = new Rng(BitConverter.DoubleToUInt64Bits(target.X)
                ^ ulong.RotateLeft(BitConverter.DoubleToUInt64Bits(target.Y), 21)
                ^ ulong.RotateLeft(BitConverter.DoubleToUInt64Bits(target.Phi), 42));
            for (var i = 0; i < RandomStartCount && Found.Count < wanted; i++)
            {
                var start = new double[solver.Chain.Joints];
                PoseSampler.Draw(solver.Chain, rng, start);
                Keep(Refine(new Candidate([], branches[i % branches.Length]), start, closedForm: false));
            }
        }

        /// <summary>
        /// For a self-motion too small for the steps above: from each answer, turns each free direction a
        /// quarter separation at a time, both ways, taking the closed-form pose of each posture, until it
        /// leaves the limits or WalkSteps are taken. Every pose on the way joins the pool that <see cref="Pack"/> picks
        /// from.
        /// </summary>
        public void Walk()
        {
            var free = solver.Layout.Free;
            var own = new double[free];
            foreach (var answer in Found.ToArray())
            {
                Posture.Of(answer.Theta, solver.TargetKind, own);
                for (var k = 0; k < free; k++)
                {
                    foreach (var sign in new[] { 1, -1 })
                    {
                        for (var step = 1; step <= WalkSteps; step++)
                        {
                            var directions = (double[])own.Clone();
                            directions[k] = Angles.Wrap(directions[k] + sign * step * solver.Separation / 4);
                            var start = new double[solver.Chain.Joints];
                            if (Posture.Construct(solver.Chain, target, solver.TargetKind, directions, answer.Branch,
                                start) is not (IkStatus.Ok or IkStatus.Singular))
                                break;
                            var walked = Refine(new Candidate(directions, answer.Branch), start, closedForm: false);
                            if (!walked.Succeeded)
                                break;
                            Keep(walked);
                        }
                    }
                }
            }
        }

        /// <summary>
        /// Where the answers kept as they came fall short, picks again from every distinct success seen: from
        /// each as a start, the nearest pose the separation away from all chosen so far, then the next. Along
        /// a one-dimensional self-motion this packs as many poses as fit; on a small loop or patch it beats
        /// first come, first kept.
        /// </summary>
        public void Pack(int wanted)
        {
            if (Found.Count >= wanted || _pool.Count <= Found.Count)
                return;
            foreach (var start in _pool.Take(PackStarts))
            {
                var chosen = new List<ChainAnswer> { start };
                foreach (var a in _pool.OrderBy(a => ChainAnswer.Distance(a.Theta, start.Theta)))
                {
                    if (chosen.Count < wanted
                        && chosen.All(c => ChainAnswer.Distance(c.Theta, a.Theta) >= solver.Separation))
                        chosen.Add(a);
                }
                if (chosen.Count > Found.Count)
                    Found = chosen;
                if (Found.Count >= wanted)
                    return;
            }
        }

        // One network pass over up to Chunk candidates; each decoded guess is handed on in order.
        void Guesses(List<Candidate> batch, Action<Candidate, double[]> next)
        {
            var layout = solver.Layout;
            var network = solver.Model.Network;
            Span<float> inputs = stackalloc float[batch.Count * layout.Inputs];
            Span<float> outputs = stackalloc float[batch.Count * layout.Outputs];
            Span<float> scratch = stackalloc float[network.InferScratchLength(batch.Count)];
            for (var i = 0; i < batch.Count; i++)
                layout.Encode(solver.Model.Scaler, target, batch[i].Branch, batch[i].Directions,
                    inputs.Slice(i * layout.Inputs, layout.Inputs));
            network.Infer(inputs, batch.Count, outputs, scratch);
            var psi = Math.Atan2(target.Y, target.X);
            var guesses = new double[batch.Count][];
            for (var i = 0; i < batch.Count; i++)
            {
                guesses[i] = new double[layout.Joints];
                layout.Decode(outputs.Slice(i * layout.Outputs, layout.Outputs), psi, guesses[i]);
            }
            for (var i = 0; i < batch.Count; i++)
                next(batch[i], guesses[i]);
        }

        // From the guess, then, if that fails or lands on an answer already kept, from the closed-form pose of the
        // candidate's posture.
        ChainAnswer Refine(Candidate candidate, double[] guess, bool closedForm = true)
        {
            var chain = solver.Chain;
            var theta = (double[])guess.Clone();
            var result = ChainRefiner.Refine(chain, target, solver.TargetKind, theta, solver.Tolerance,
                solver.MaxIterations);
            var iterations = result.Iterations;
            var fallback = false;
            if (closedForm && !(Accepted(theta, result.Residual, candidate.Branch) && Distinct(theta)))
            {
                var start = new double[chain.Joints];
                if (Posture.Construct(chain, target, solver.TargetKind, candidate.Directions, candidate.Branch,
                    start) is IkStatus.Ok or IkStatus.Singular)
                {
                    var second = ChainRefiner.Refine(chain, target, solver.TargetKind, start, solver.Tolerance,
                        solver.MaxIterations);
                    iterations += second.Iterations;
                    var accepted = Accepted(start, second.Residual, candidate.Branch);
                    if ((accepted && Distinct(start))
                        || (!Accepted(theta, result.Residual, candidate.Branch)
                            && (accepted || second.Residual < result.Residual)))
                        (theta, result, fallback) = (start, second, true);
                }
            }
            if (!Accepted(theta, result.Residual, candidate.Branch))
                return new ChainAnswer(SolveStatus.LimitBlocked, candidate.Branch, theta, result.Residual, iterations,
                    guess, fallback);
            var status = obstacles.Any(o => o.Hits(chain, theta)) ? SolveStatus.ObstacleBlocked : SolveStatus.Ok;
            var branch = branchRequired || solver.Layout.Free == 0 ? candidate.Branch : Posture.BranchOf(theta);
            return new ChainAnswer(status, branch, theta, result.Residual, iterations, guess, fallback);
        }

        bool Distinct(double[] theta) => Found.All(f => ChainAnswer.Distance(f.Theta, theta) >= solver.Separation);

        // Within tolerance and the limits, and on the branch when one was asked for (always, for a 3-link pose).
        bool Accepted(double[] theta, double residual, Elbow branch) =>
            residual <= solver.Tolerance && solver.Chain.WithinLimits(theta)
            && (!(branchRequired || solver.Layout.Free == 0) || IkSolver.OnBranch(theta[1], branch));

        // A success joins the answers if it is distinct from them; until there is one, failures compete to be their
        // branch's reason.
        void Keep(ChainAnswer answer)
        {
            if (answer.Succeeded)
            {
                if (_pool.All(p => ChainAnswer.Distance(p.Theta, answer.Theta) > Same))
                    _pool.Add(answer);
                if (Distinct(answer.Theta))
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
        static bool Better(ChainAnswer a, ChainAnswer b) =>
            a.Status == SolveStatus.ObstacleBlocked ? b.Status != SolveStatus.ObstacleBlocked || a.Residual < b.Residual
            : b.Status != SolveStatus.ObstacleBlocked && a.Residual < b.Residual;
    }
}
