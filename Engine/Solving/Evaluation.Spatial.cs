using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Numerics;

namespace NeuralIk.Engine.Solving;

public static partial class Evaluation
{
    // An arm in space: every target reachable (FK of a pose within the limits), every Ok answer re-verified here
    // (FK recomputed against the target within both tolerances, limits, separation from the others). Raw error, once
    // all are timed: FK of the network's guess from the middle of the limits against the target; given the poses the
    // targets came from, also that of the guess from a reference near the pose (each joint moved by up to
    // IReferenceLayout.Nearby, as in training): the network's accuracy once a posture is known; and the direct
    // guess's (the target alone), where the model has one.
    sealed class SpatialOracle(IkSolver solver, double[][]? poses) : IOracle<Frame>
    {
        readonly List<double> _residuals = [], _spreads = [];
        readonly List<double> _rawPosition = [], _rawOrientation = [], _nearPosition = [], _nearOrientation = [];
        readonly List<double> _directPosition = [], _directOrientation = [];
        readonly Rng _rng = new(1);
        readonly double[] _reference = new double[solver.Chain.Count];
        readonly double[] _guess = new double[solver.Chain.Count];
        readonly double[] _q = new double[solver.Chain.Count];
        readonly List<(int Index, Frame Target)> _checked = [];
        int _solved, _outside, _falseOk, _allAnswers, _fallbacks;

        public void Add(int index, Frame target, IReadOnlyList<IkAnswer> answers, int asked)
        {
            var ok = answers.Where(a => a.Succeeded).ToList();
            _fallbacks += ok.Count(a => a.Fallback);
            _residuals.AddRange(ok.Select(a => a.Residual));
            var verified = 0;
            for (var a = 0; a < ok.Count; a++)
            {
                ok[a].Theta.CopyTo(_q);
                var tip = solver.Chain.Forward(_q);
                var position = (tip.P - target.P).Length;
                var rotation = solver.Task.HasOrientation ? (target * tip.Transposed).RotationVector().Length : 0;
                var within = solver.Chain.WithinLimits(_q);
                var apart = ok.Take(a).All(b => b.Theta.DistanceTo(_q) >= solver.Separation);
                _outside += within ? 0 : 1;
                if (position <= solver.PositionTolerance && rotation <= solver.OrientationTolerance && within && apart)
                    verified++;
                else
                    _falseOk++;
            }
            _solved += verified > 0 ? 1 : 0;
            _allAnswers += verified >= asked ? 1 : 0;
            if (ok.Count > 1)
                _spreads.Add(IkAnswer.Spread(ok));
            _checked.Add((index, target));
        }

        // The networks' raw guesses, after every solve is timed: their float32 weights would otherwise push the
        // solver's out of the cache between two timed solves, as nothing in a user's loop does.
        void GuessAll()
        {
            foreach (var (index, target) in _checked)
            {
                solver.Guess(target, solver.Middle, _guess);
                RawError(target, _rawPosition, _rawOrientation);
                if (solver.Task.HasOrientation && solver.GuessDirect(target, _guess))
                    RawError(target, _directPosition, _directOrientation);
                if (poses is null)
                    continue;
                for (var j = 0; j < _reference.Length; j++)
                    _reference[j] = poses[index][j] + _rng.Uniform(-solver.ReferenceLayout.Nearby(j),
                        solver.ReferenceLayout.Nearby(j));
                solver.Guess(target, _reference, _guess);
                RawError(target, _nearPosition, _nearOrientation);
            }
        }

        public EvaluationReport Report(string distribution, int targets, int asked)
        {
            GuessAll();
            var hasOrientation = solver.Task.HasOrientation;
            var raw = new RawError(ErrorStats.Of(_rawPosition), hasOrientation ? ErrorStats.Of(_rawOrientation) : null,
                null)
            {
                NearPosition = poses is null ? null : ErrorStats.Of(_nearPosition),
                NearOrientation = poses is null || !hasOrientation ? null : ErrorStats.Of(_nearOrientation),
                DirectPosition = _directPosition.Count > 0 ? ErrorStats.Of(_directPosition) : null,
                DirectOrientation = _directOrientation.Count > 0 ? ErrorStats.Of(_directOrientation) : null,
            };
            return new EvaluationReport(distribution, targets, targets, asked, raw, 0, 0, _solved, null, null,
                ErrorStats.Of(_residuals), new AnswerChecks(_falseOk, _outside, _fallbacks), 0)
            {
                AllAnswers = _allAnswers, MedianSpread = _spreads.Count > 0 ? ErrorStats.Of(_spreads).Median : null,
            };
        }

        void RawError(Frame target, List<double> position, List<double> orientation)
        {
            var raw = solver.Chain.Forward(_guess);
            position.Add((raw.P - target.P).Length);
            if (solver.Task.HasOrientation)
                orientation.Add((target * raw.Transposed).RotationVector().Length);
        }
    }
}
