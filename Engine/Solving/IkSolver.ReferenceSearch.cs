using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Solving;

// An arm in space's search from references (IkSolver.References.cs): its candidates and how each is refined.
public sealed partial class IkSolver
{
    // An arm in space's candidates, one at a time: first the direct guess's `heads` (DirectGuesses' order, each head
    // its only start), then those that stopped short refined on (where none solved), then the network's guess near
    // each reference, refined, the reference itself the second start (without the network, the reference is the only
    // start); the answers distinct, and without one, the candidate that came closest.
    sealed class ReferenceSearch(IkSolver solver, Frame target, TaskBounds task, int answers, bool network, int heads)
        : ISearch<double[]>
    {
        // LM steps a head gets at first: from a head's typical 60-70 mm it converges in 3-5, and one still short at
        // 8 is mostly in another answer's basin or against a limit, where the next head costs less than 12 more
        // steps. Where every head stops short, each is refined on from where it stopped, closest first, for the
        // steps left of MaxIterations (the few that converge late) before the references (issue 26: on the Panda,
        // p99 from 84 to 44 steps to the first success among the heads).
        const int HeadIterations = 8;

        readonly ChainTarget _problem = new(solver.Chain, target, task);
        readonly double[] _q = new double[solver.Chain.Count];
        // The direct guess's heads so far (computed and ranked by groups, each decoded when tried).
        readonly DirectState? _direct = heads > 0 ? new DirectState(solver._direct!, solver.Chain.Count) : null;
        double _bestResidual = double.PositiveInfinity;
        // Where each head stopped short, q[heads, N], and its residual (infinite once solved or taken again): made
        // when the first head stops short (most targets are solved by it, and allocate nothing for this).
        double[]? _stopped, _stoppedResidual;

        public List<IkAnswer> Found { get; } = new(answers);
        public IkAnswer Best { get; private set; }
        /// <summary>The first reference (the current posture) refined as it is: the answer next to it, if any, is
        /// the one a robot moving from there wants; the network's guesses follow.</summary>
        public bool FirstAsIs { get; init; }
        // Candidates tried so far, and whether the one guessed last is refined as it is or is a direct guess (one at a
        // time: Batch is 1).
        int _count;
        bool _asIs, _fromTarget, _resumed;
        public int Batch => 1;
        public bool Enough => Found.Count >= answers;
        /// <summary>Whether, the heads tried, one that stopped short is left to refine on.</summary>
        public bool Resuming => Resumable() >= 0;

        // Once the heads are tried, the one that stopped closest and is not taken again yet; else -1.
        int Resumable()
        {
            var closest = -1;
            var after = _count >= heads && solver.MaxIterations > HeadIterations;
            for (var h = 0; after && _stoppedResidual is not null && h < heads; h++)
            {
                if (double.IsFinite(_stoppedResidual[h])
                    && (closest < 0 || _stoppedResidual[h] < _stoppedResidual[closest]))
                    closest = h;
            }
            return closest;
        }

        public void Guess(List<double[]> batch, double[][] guesses)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                guesses[i] ??= new double[_q.Length];
                _fromTarget = _count < heads;
                if (_fromTarget)
                {
                    solver.DirectGuess(target, _direct!, _count, guesses[i]);
                    _asIs = false;
                    continue;
                }
                var h = Resumable();
                _resumed = h >= 0;
                if (_resumed)
                {
                    _stopped.AsSpan(h * _q.Length, _q.Length).CopyTo(guesses[i]);
                    _stoppedResidual![h] = double.PositiveInfinity;
                    _asIs = true;
                    continue;
                }
                _asIs = !network || FirstAsIs && _count == 0;
                if (_asIs)
                {
                    batch[i].CopyTo(guesses[i], 0);
                    // The current posture, stepped toward the answer next to it where the model has a learned
                    // step (a pose model's), the posture itself the second start.
                    if (network && solver.NearSteps > 0)
                    {
                        solver.Step(Asked(batch[i]), guesses[i], solver.NearSteps);
                        _asIs = false;
                    }
                    continue;
                }
                solver.GuessOnce(Asked(batch[i]), batch[i], guesses[i]);
            }
        }

        // The pose asked of the networks: the target, or for a position alone the target's position with the
        // reference's orientation.
        Frame Asked(double[] reference) =>
            task.HasOrientation ? target : solver.Chain.Forward(reference) with { P = target.P };

        public void Try(double[] reference, double[] guess)
        {
            _count++;
            var second = _asIs || _fromTarget ? [] : reference;
            var iterations = Math.Min(HeadIterations, solver.MaxIterations);
            iterations = _fromTarget ? iterations : _resumed ? solver.MaxIterations - iterations : solver.MaxIterations;
            var tried = solver.Attempt(new SpatialStarts(solver, _problem, second, iterations), guess, Found, _q);
            if (_fromTarget && !tried.Accepted)
            {
                _stopped ??= new double[heads * _q.Length];
                _stoppedResidual ??= [.. Enumerable.Repeat(double.PositiveInfinity, heads)];
                _q.CopyTo(_stopped.AsSpan((_count - 1) * _q.Length));
                _stoppedResidual[_count - 1] = tried.Result.Residual;
            }
            var answer = new IkAnswer(tried.Accepted ? SolveStatus.Ok : SolveStatus.NotFound, null,
                new JointVector(_q), tried.Result.Residual, tried.Iterations, new JointVector(guess), tried.Fallback);
            if (tried.Accepted && solver.Distinct(Found, _q))
                Found.Add(answer);
            else if (!tried.Accepted && tried.Result.Residual < _bestResidual)
                (Best, _bestResidual) = (answer, tried.Result.Residual);
        }
    }

    ref struct SpatialStarts : IStarts
    {
        readonly IkSolver _solver;
        readonly ChainTarget _problem;
        readonly ReadOnlySpan<double> _reference;
        readonly int _iterations;

        public SpatialStarts(IkSolver solver, ChainTarget problem, ReadOnlySpan<double> reference, int iterations)
        {
            (_solver, _problem, _iterations) = (solver, problem, iterations);
            _reference = reference;
        }

        public readonly Refiner.Result Refine(scoped Span<double> q) =>
            Refiner.Refine(_problem, q, _solver._refineTolerance, _iterations);

        public readonly bool Accepted(scoped ReadOnlySpan<double> q, double residual) => _solver.Accepted(_problem, q);

        // None when the reference was the first start already (no network).
        public readonly bool SecondStart(scoped Span<double> q)
        {
            _reference.CopyTo(q);
            return !_reference.IsEmpty;
        }
    }
}
