using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Solving;

public static partial class Evaluation
{
    // A planar arm's oracles, target by target: the workspace (reachability), the closed forms of a non-redundant
    // chain, the self-motion of a redundant one; every success re-verified.
    sealed class PlanarOracle(IkSolver solver, bool allReachable) : IOracle<Pose2>
    {
        readonly List<double> _rawPosition = [], _rawOrientation = [], _residuals = [], _counts = [], _spreads = [];
        int _reachable, _mustSolve, _solvedMust, _solved, _unblocked, _matched, _both, _available, _delivered;
        int _fallbacks, _outside, _falseSuccess, _guesses, _onBranch;
        double _oracleDistance;

        PlanarChain Chain => solver.Planar;
        TaskBounds Kind => solver.Task;

        public void Add(int index, Pose2 target, IReadOnlyList<IkAnswer> answers, int asked)
        {
            target = Kind.Read(target);
            var isReachable = Workspace.Of(Chain, target, Kind).Reachable;
            _reachable += isReachable ? 1 : 0;
            var closedForm = !solver.Redundant && isReachable ? AgainstClosedForm(target, answers) : default;
            var must = allReachable || (isReachable && (Chain.IsFull || closedForm.Unblocked > 0));
            _mustSolve += must ? 1 : 0;
            var ok = answers.Where(a => a.Succeeded).ToArray();
            _solved += ok.Length > 0 ? 1 : 0;
            _solvedMust += must && ok.Length > 0 ? 1 : 0;
            _fallbacks += answers.Count(a => a.Fallback);
            // The raw error is that of the guesses the successes were refined from: a posture or branch that no pose
            // within the limits takes has nothing to compare with.
            foreach (var a in ok)
            {
                AddGuess(target, a);
                Verify(target, a, ok, isReachable);
            }
            if (!isReachable)
                return;
            if (!solver.Redundant)
            {
                (_unblocked, _matched) = (_unblocked + closedForm.Unblocked, _matched + closedForm.Matched);
                _oracleDistance = Math.Max(_oracleDistance, closedForm.Distance);
                _both += ok.Length == 2 ? 1 : 0;
                return;
            }
            _counts.Add(ok.Length);
            if (ok.Length > 1)
                _spreads.Add(IkAnswer.Spread(ok));
            if (SelfMotion.DistinctPoses(Chain, target, Kind, asked, solver.Separation).Count >= asked)
            {
                _available++;
                _delivered += ok.Length >= asked ? 1 : 0;
            }
        }

        public EvaluationReport Report(string distribution, int targets, int asked) => new(
            distribution, targets, _reachable, asked,
            new RawError(ErrorStats.Of(_rawPosition), Kind.HasOrientation ? ErrorStats.Of(_rawOrientation) : null,
                solver.Redundant || _guesses == 0 ? null : (double)_onBranch / _guesses),
            _mustSolve, _solvedMust, _solved,
            solver.Redundant ? null : new ClosedFormCheck(_unblocked, _matched, _oracleDistance, _both, _reachable),
            solver.Redundant ? new DistinctCheck(_available, _delivered, Median(_counts), Median(_spreads)) : null,
            ErrorStats.Of(_residuals), new AnswerChecks(_falseSuccess, _outside, _fallbacks), 0);

        void AddGuess(Pose2 target, IkAnswer a)
        {
            var guess = Chain.Forward(a.Guess.ToArray());
            _rawPosition.Add(Distance(guess, target));
            if (Kind.HasOrientation)
                _rawOrientation.Add(Angles.Distance(guess.Phi, target.Phi));
            _guesses++;
            _onBranch += IkSolver.OnBranch(a.Guess[1], a.Branch!.Value) ? 1 : 0;
        }

        // FK recomputed here, not taken from the solver; a redundant chain's answers must also be a separation apart.
        void Verify(Pose2 target, IkAnswer a, IkAnswer[] ok, bool isReachable)
        {
            _residuals.Add(a.Residual);
            var theta = a.Theta.ToArray();
            _outside += Chain.WithinLimits(theta) ? 0 : 1;
            var reached = Chain.Forward(theta);
            var miss = Math.Sqrt(Math.Pow(Distance(reached, target), 2)
                + (Kind.HasOrientation ? Math.Pow(Chain.Reach * Angles.Distance(reached.Phi, target.Phi), 2) : 0));
            var crowded = solver.Redundant && ok.Count(b => b.Theta.DistanceTo(a.Theta) < solver.Separation) > 1;
            _falseSuccess += miss <= solver.Tolerance && isReachable && !crowded && IkSolver.OnBranch(theta[1],
                a.Branch!.Value) ? 0 : 1;
        }

        // Each branch of the closed form that lies within the limits must come back Ok (answers come as [up, down])
        // and be that branch's pose: nearer to it than to the other branch's. Near a straight elbow (θ2 → 0) the
        // angles are ill-conditioned, so a residual within tolerance can leave micro-radians to the oracle.
        (int Unblocked, int Matched, double Distance) AgainstClosedForm(Pose2 target, IReadOnlyList<IkAnswer> answers)
        {
            double[][] oracle;
            if (Kind.HasOrientation)
            {
                var s = ThreeLinkIk.Solve(Chain, target);
                oracle = [s.Up, s.Down];
            }
            else
            {
                var s = AnalyticIk.Solve(Chain.Base, target.X, target.Y);
                oracle = [[s.Up.Theta1, s.Up.Theta2], [s.Down.Theta1, s.Down.Theta2]];
            }
            var (unblocked, matched, distance) = (0, 0, 0.0);
            for (var b = 0; b < oracle.Length; b++)
            {
                var represented = oracle[b].Select((t, j) => Chain.Limits[j].Represent(t)).ToArray();
                if (!represented.Select((t, j) => Chain.Limits[j].Contains(t, 1e-12)).All(inside => inside))
                    continue;
                unblocked++;
                var answer = answers[b];
                var own = answer.Theta.DistanceTo(oracle[b]);
                if (answer.Succeeded && own <= answer.Theta.DistanceTo(oracle[1 - b]))
                {
                    matched++;
                    distance = Math.Max(distance, own);
                }
            }
            return (unblocked, matched, distance);
        }
    }

    static double Distance(Pose2 a, Pose2 b) => Math.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));

    static double? Median(List<double> values) => values.Count == 0 ? null : ErrorStats.Of(values).Median;
}
