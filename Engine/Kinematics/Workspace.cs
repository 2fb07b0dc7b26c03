namespace NeuralIk.Engine.Kinematics;

/// <summary>Whether a chain without limits reaches a target, and the nearest point it does reach.</summary>
public readonly record struct Reachability(IkStatus Status, Point2 Nearest)
{
    public bool Reachable => Status is IkStatus.Ok or IkStatus.Singular;
}

/// <summary>
/// Where a chain can put its end effector when every joint turns freely. A position is reachable in
/// the annulus max(0, 2·max L − ΣL) ≤ r ≤ ΣL. A full pose (x, y, φ) fixes the last link, so it is
/// reachable when the wrist w = (x, y) − L_N (cos φ, sin φ) lies in the annulus of the other links.
/// Joint limits can only shrink this set; whether a limited chain reaches a target is for the solver
/// to find out.
/// </summary>
public static class Workspace
{
    public static Reachability Of(PlanarChain chain, Pose2 target, TaskBounds kind)
    {
        if (!double.IsFinite(target.X) || !double.IsFinite(target.Y)
            || (kind.HasOrientation && !double.IsFinite(target.Phi)))
        {
            throw new ArgumentException(
                FormattableString.Invariant($"target ({target.X}, {target.Y}, φ {target.Phi}) is not finite"));
        }
        if (!kind.HasOrientation)
            return Annulus(chain.Reach, chain.InnerRadius, target.X, target.Y, 0, 0);
        var last = chain.Links[^1];
        var (dx, dy) = (last * Math.Cos(target.Phi), last * Math.Sin(target.Phi));
        double reach = 0, longest = 0;
        for (var i = 0; i < chain.Joints - 1; i++)
        {
            reach += chain.Links[i];
            longest = Math.Max(longest, chain.Links[i]);
        }
        return Annulus(reach, Math.Max(0, 2 * longest - reach), target.X - dx, target.Y - dy, dx, dy);
    }

    // Links of this reach and inner radius reaching (x, y); the nearest point is shifted back by a fixed last link.
    static Reachability Annulus(double reach, double inner, double x, double y, double dx, double dy)
    {
        var slack = AnalyticIk.BoundaryTolerance * reach;
        var r = Math.Sqrt(x * x + y * y);
        var clamped = Math.Clamp(r, inner, reach);
        var nearest = r == 0 ? new Point2(clamped + dx, dy) : new Point2(x / r * clamped + dx, y / r * clamped + dy);
        var status = r > reach + slack ? IkStatus.OutOfReach
            : r < inner - slack ? IkStatus.InnerHole
            : r <= slack && inner <= slack ? IkStatus.Singular
            : IkStatus.Ok;
        return new Reachability(status,
            status == IkStatus.Ok || status == IkStatus.Singular ? new Point2(x + dx, y + dy) : nearest);
    }
}
