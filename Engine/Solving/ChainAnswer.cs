using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Solving;

/// <summary>
/// One pose a chain solve returns. <see cref="Theta"/> holds N angles: for Ok, a pose within the limits
/// reaching the target within <see cref="Residual"/> (arm units; orientation error counted × reach);
/// for LimitBlocked, the best pose found within the limits; for ObstacleBlocked, the colliding pose.
/// <see cref="Guess"/> is the network's raw pose it was refined from; <see cref="Fallback"/> says
/// refinement from that guess failed and the closed-form pose of the same posture was the start.
/// </summary>
public sealed record ChainAnswer(SolveStatus Status, Elbow Branch, double[] Theta, double Residual, int Iterations,
    double[] Guess, bool Fallback)
{
    public bool Succeeded => Status == SolveStatus.Ok;

    /// <summary>The largest joint difference between two poses, each taken modulo 2π, in [0, π].</summary>
    public static double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var d = 0.0;
        for (var i = 0; i < a.Length; i++)
            d = Math.Max(d, Angles.Distance(a[i], b[i]));
        return d;
    }
}

/// <summary>
/// Everything a chain solve found for one target: the answers (distinct successes first, then, for a
/// branch with none, the reason), the overall status (Ok when any answer is), and for unreachable
/// targets the nearest reachable point (for a pose: with the asked orientation).
/// </summary>
public sealed record ChainSolution(SolveStatus Status, Pose2 Target, IReadOnlyList<ChainAnswer> Answers, Point2 Nearest)
{
    public IEnumerable<ChainAnswer> Solved => Answers.Where(a => a.Succeeded);

    /// <summary>
    /// The largest joint-space distance between two of the successful answers (0 with fewer than two).
    /// </summary>
    public double Spread
    {
        get
        {
            var solved = Solved.ToArray();
            var spread = 0.0;
            for (var i = 0; i < solved.Length; i++)
            {
                for (var j = i + 1; j < solved.Length; j++)
                    spread = Math.Max(spread, ChainAnswer.Distance(solved[i].Theta, solved[j].Theta));
            }
            return spread;
        }
    }
}
