using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Solving;

public enum SolveStatus
{
    /// <summary>Reached within tolerance, within the limits, on the branch asked for, clear of obstacles.</summary>
    Ok,
    /// <summary>r &gt; L1 + L2.</summary>
    OutOfReach,
    /// <summary>r &lt; |L1 − L2|.</summary>
    InnerHole,
    /// <summary>Reachable, but this branch's pose lies outside the joint limits.</summary>
    LimitBlocked,
    /// <summary>This branch reaches the target but a link crosses an obstacle.</summary>
    ObstacleBlocked,
    /// <summary>r = 0 with L1 = L2: θ2 = ±π and every θ1 works (θ1 given is one of them).</summary>
    Singular,
}

/// <summary>
/// One branch's answer for one target. Angles are meaningful for Ok, Singular, LimitBlocked (the
/// nearest pose within the limits) and ObstacleBlocked (the colliding pose); for unreachable
/// targets they are zero and <see cref="Nearest"/> is the closest reachable point.
/// <see cref="Residual"/> is |FK(θ) − target| in arm units; <see cref="Iterations"/> counts refinement steps;
/// <see cref="Fallback"/> says refinement from the network's guess failed and the analytic pose was the start.
/// </summary>
public readonly record struct IkAnswer(SolveStatus Status, Elbow Branch, double Theta1, double Theta2,
    double Residual, int Iterations, Point2 Nearest, bool Fallback = false)
{
    public bool Succeeded => Status is SolveStatus.Ok or SolveStatus.Singular;

    public static string Name(SolveStatus status) => status switch
    {
        SolveStatus.Ok => "ok",
        SolveStatus.OutOfReach => "out_of_reach",
        SolveStatus.InnerHole => "inner_hole",
        SolveStatus.LimitBlocked => "limit_blocked",
        SolveStatus.ObstacleBlocked => "obstacle_blocked",
        _ => "singular",
    };
}
