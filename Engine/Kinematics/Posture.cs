namespace NeuralIk.Engine.Kinematics;

/// <summary>
/// The self-motion of a redundant chain, written as the directions of its free links. Once the
/// absolute directions σ of links 3 … N (position targets) or 3 … N − 1 (full poses, whose last link
/// points along φ) are chosen, the wrist w = target − Σ L_k (cos σ_k, sin σ_k) is fixed and the first
/// two links reach it as a 2-link arm, on one of its two elbow branches. So (posture, branch) names
/// one pose exactly, wherever w lies in that arm's annulus. With N − 2 free directions for a position
/// and N − 3 for a pose, a 2-link position and a 3-link pose have none: the branch alone decides.
/// </summary>
public static class Posture
{
    /// <summary>Index of the first free link (0-based): links 0 and 1 are the 2-link base.</summary>
    public const int FirstFree = 2;

    /// <summary>How many link directions a pose of this chain leaves free: N − 2, or N − 3 with orientation.</summary>
    public static int FreeLinks(int joints, TaskBounds kind) => joints - FirstFree - (kind.HasOrientation ? 1 : 0);

    /// <summary>directions[d] = absolute directions σ of the free links of the pose θ.</summary>
    public static void Of(ReadOnlySpan<double> theta, TaskBounds kind, Span<double> directions)
    {
        var free = FreeLinks(theta.Length, kind);
        var sigma = 0.0;
        for (var k = 0; k < FirstFree + free; k++)
        {
            sigma += theta[k];
            if (k >= FirstFree)
                directions[k - FirstFree] = Angles.Wrap(sigma);
        }
    }

    /// <summary>The elbow branch of a pose: the sign of θ2 (0 counts as up).</summary>
    public static Elbow BranchOf(ReadOnlySpan<double> theta) => theta[1] > 0 ? Elbow.Down : Elbow.Up;

    /// <summary>
    /// Where the first two links must put their end: the target less the free links and, for a pose, the last link.
    /// </summary>
    public static Point2 Wrist(PlanarChain chain, Pose2 target, TaskBounds kind, ReadOnlySpan<double> directions)
    {
        var n = chain.Joints;
        double wx = target.X, wy = target.Y;
        for (var k = 0; k < FreeLinks(n, kind); k++)
        {
            wx -= chain.Links[FirstFree + k] * Math.Cos(directions[k]);
            wy -= chain.Links[FirstFree + k] * Math.Sin(directions[k]);
        }
        if (kind.HasOrientation)
        {
            wx -= chain.Links[n - 1] * Math.Cos(target.Phi);
            wy -= chain.Links[n - 1] * Math.Sin(target.Phi);
        }
        return new Point2(wx, wy);
    }

    /// <summary>
    /// The pose with these free-link directions on this branch, written to θ[N] (each angle in (−π, π]).
    /// Returns the 2-link status of the wrist: anything but Ok or Singular leaves θ untouched.
    /// </summary>
    public static IkStatus Construct(PlanarChain chain, Pose2 target, TaskBounds kind,
        ReadOnlySpan<double> directions, Elbow elbow, Span<double> theta)
    {
        var n = chain.Joints;
        var free = FreeLinks(n, kind);
        var w = Wrist(chain, target, kind, directions);
        var wrist = AnalyticIk.Solve(chain.Base, w.X, w.Y);
        if (!wrist.Reachable)
            return wrist.Status;
        var q = wrist.Branch(elbow);
        theta[0] = q.Theta1;
        theta[1] = q.Theta2;
        var previous = q.Theta1 + q.Theta2;
        for (var k = FirstFree; k < n; k++)
        {
            var sigma = k - FirstFree < free ? directions[k - FirstFree] : target.Phi;
            theta[k] = Angles.Wrap(sigma - previous);
            previous = sigma;
        }
        return wrist.Status;
    }
}
