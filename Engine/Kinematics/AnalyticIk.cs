namespace NeuralIk.Engine.Kinematics;

public enum IkStatus
{
    Ok,
    /// <summary>r &gt; L1 + L2.</summary>
    OutOfReach,
    /// <summary>r &lt; |L1 − L2|.</summary>
    InnerHole,
    /// <summary>r = 0 with L1 = L2: θ2 = ±π and every θ1 works.</summary>
    Singular,
}

/// <summary>Joint angles of one branch, each in (−π, π].</summary>
public readonly record struct JointAngles(double Theta1, double Theta2);

/// <summary>
/// The closed-form answer for a target: both branches when reachable; otherwise the status and the
/// nearest reachable point (the target projected onto the annulus |L1 − L2| ≤ r ≤ L1 + L2).
/// </summary>
public readonly record struct AnalyticSolution(IkStatus Status, JointAngles Up, JointAngles Down, Point2 Nearest)
{
    public bool Reachable => Status is IkStatus.Ok or IkStatus.Singular;
    public JointAngles Branch(Elbow elbow) => elbow == Elbow.Up ? Up : Down;
}

/// <summary>
/// The analytic inverse kinematics of a 2-link arm, the reference every learned answer is checked
/// against: cos θ2 = (r² − L1² − L2²) / (2 L1 L2), θ2 = ∓acos(·) (up: θ2 ≤ 0),
/// θ1 = atan2(y, x) − atan2(L2 sin θ2, L1 + L2 cos θ2).
/// </summary>
public static class AnalyticIk
{
    /// <summary>
    /// Targets within this fraction of the reach outside the annulus count as on its boundary (rounding).
    /// </summary>
    public const double BoundaryTolerance = 1e-12;

    public static AnalyticSolution Solve(Arm arm, double x, double y)
    {
        if (!double.IsFinite(x) || !double.IsFinite(y))
            throw new ArgumentException($"target ({x}, {y}) is not a finite point");
        var r = Math.Sqrt(x * x + y * y);
        var slack = BoundaryTolerance * arm.Reach;
        var nearest = Nearest(arm, x, y, r);
        if (r > arm.Reach + slack)
            return new(IkStatus.OutOfReach, default, default, nearest);
        if (r < arm.InnerRadius - slack)
            return new(IkStatus.InnerHole, default, default, nearest);
        if (r <= slack && arm.InnerRadius <= slack)
            return new(IkStatus.Singular, new(0, -Math.PI), new(0, Math.PI), new(x, y));

        var cos2 = Math.Clamp((r * r - arm.L1 * arm.L1 - arm.L2 * arm.L2) / (2 * arm.L1 * arm.L2), -1, 1);
        var theta2 = Math.Acos(cos2);
        return new(IkStatus.Ok, Branch(arm, x, y, -theta2), Branch(arm, x, y, theta2), new(x, y));
    }

    static JointAngles Branch(Arm arm, double x, double y, double theta2)
    {
        var theta1 = Math.Atan2(y, x) - Math.Atan2(arm.L2 * Math.Sin(theta2), arm.L1 + arm.L2 * Math.Cos(theta2));
        return new(Angles.Wrap(theta1), theta2);
    }

    static Point2 Nearest(Arm arm, double x, double y, double r)
    {
        var clamped = Math.Clamp(r, arm.InnerRadius, arm.Reach);
        if (r == 0)
            return new(clamped, 0);
        return new(x / r * clamped, y / r * clamped);
    }
}
