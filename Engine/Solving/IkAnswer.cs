using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Solving;

public enum SolveStatus
{
    /// <summary>Reached within tolerance, within the limits, on the branch asked for, clear of obstacles.</summary>
    Ok,
    /// <summary>Farther than the chain reaches.</summary>
    OutOfReach,
    /// <summary>Inside the hole the chain cannot reach (r below the longest link less the others).</summary>
    InnerHole,
    /// <summary>Reachable, but no pose found within the joint limits.</summary>
    LimitBlocked,
    /// <summary>A pose reaches the target but a link crosses an obstacle.</summary>
    ObstacleBlocked,
    /// <summary>
    /// A non-redundant chain whose first two links are equal and must meet at the base: θ2 = ±π and every θ1
    /// works (θ1 given is one of them).
    /// </summary>
    Singular,
    /// <summary>A spatial target within reach for which the time budget ran out before any pose was found.</summary>
    NotFound,
}

/// <summary>
/// One pose a solve returns, for every arm. <see cref="Theta"/> holds N joint values: for Ok and Singular, a pose
/// within the limits reaching the target within <see cref="Residual"/> (the refinement's |e|, a length:
/// orientation error × reach); for LimitBlocked or NotFound, the best pose found within the limits; for
/// ObstacleBlocked, the colliding pose; for an unreachable target, zeros, with the distance to the nearest
/// reachable point as the residual. <see cref="Branch"/> is the configuration label where the arm has one (a planar
/// arm's elbow), else null. <see cref="Guess"/> is the network's raw pose it was refined from;
/// <see cref="Fallback"/> says refinement from that guess failed and a second start (the closed-form pose of the
/// same posture, or the reference posture itself) gave the answer.
/// </summary>
public readonly record struct IkAnswer(SolveStatus Status, Elbow? Branch, JointVector Theta, double Residual,
    int Iterations, JointVector Guess, bool Fallback)
{
    public bool Succeeded => Status is SolveStatus.Ok or SolveStatus.Singular;

    /// <summary>The largest joint-space distance between two of the answers (0 with fewer than two).</summary>
    public static double Spread(IEnumerable<IkAnswer> answers)
    {
        var all = answers.ToArray();
        var spread = 0.0;
        for (var i = 0; i < all.Length; i++)
        {
            for (var j = i + 1; j < all.Length; j++)
                spread = Math.Max(spread, all[i].Theta.DistanceTo(all[j].Theta));
        }
        return spread;
    }

    public static string Name(SolveStatus status) => status switch
    {
        SolveStatus.Ok => "ok",
        SolveStatus.OutOfReach => "out_of_reach",
        SolveStatus.InnerHole => "inner_hole",
        SolveStatus.LimitBlocked => "limit_blocked",
        SolveStatus.ObstacleBlocked => "obstacle_blocked",
        SolveStatus.NotFound => "not_found",
        _ => "singular",
    };
}

/// <summary>
/// Everything a solve found for one target, for every arm: the answers (distinct successes first; with none, the
/// reason per branch, or the best pose found), the overall status (Ok when any answer succeeded), and the nearest
/// point the chain can be shown to reach (the target's own position when it is not provably out of reach; for a
/// planar pose, the point with the asked orientation). A planar target is the frame of its pose in the plane.
/// </summary>
public sealed record Solution(SolveStatus Status, Frame Target, IReadOnlyList<IkAnswer> Answers, Vec3 Nearest)
{
    public IEnumerable<IkAnswer> Solved => Answers.Where(a => a.Succeeded);

    /// <summary>The largest joint-space distance between two successful answers (0 with fewer than two).</summary>
    public double Spread => IkAnswer.Spread(Solved);
}
