namespace NeuralIk.Engine.Kinematics;

/// <summary>End-effector pose of a planar chain: position and orientation φ = Σ θ_i (wrapped to (−π, π]).</summary>
public readonly record struct Pose2(double X, double Y, double Phi);

/// <summary>
/// A planar chain of N revolute joints (2 ≤ N ≤ 8) with link lengths and joint limits.
/// FK: with σ_i = θ_1 + … + θ_i, x = Σ L_i cos σ_i, y = Σ L_i sin σ_i, φ = σ_N. As an <see cref="IChain"/>:
/// z-axis joints in the xy plane, the tip turned by φ about z.
/// </summary>
public sealed class PlanarChain : IChain
{
    public PlanarChain(IReadOnlyList<double> links, IReadOnlyList<JointRange>? limits = null)
    {
        if (links.Count is < 2 or > 8)
            throw new ArgumentException($"a chain has 2 to 8 links, got {links.Count}");
        if (links.Any(l => !(l > 0) || !double.IsFinite(l)))
            throw new ArgumentException($"link lengths must be positive finite numbers, got " +
                string.Join(", ", links));
        if (limits is not null && limits.Count != links.Count)
            throw new ArgumentException($"{links.Count} links need {links.Count} joint limits, got {limits.Count}");
        _links = [.. links];
        _limits = limits is null ? [.. links.Select(_ => JointRange.Full)] : [.. limits];
        Links = Array.AsReadOnly(_links);
        Limits = Array.AsReadOnly(_limits);
        Names = [.. Enumerable.Range(1, links.Count).Select(i => $"theta{i}")];
        Base = new Arm(links[0], links[1]);
        Reach = links.Sum();
        InnerRadius = Math.Max(0, 2 * links.Max() - Reach);
        IsFull = Limits.All(l => l == JointRange.Full);
    }

    /// <summary>The chain of a 2-link arm with its limits.</summary>
    public PlanarChain(Arm arm, JointLimits limits) : this([arm.L1, arm.L2], limits.Ranges)
    {
    }

    // Arrays for the loops that run per refinement step (an interface call per element costs there).
    readonly double[] _links;
    readonly JointRange[] _limits;

    public IReadOnlyList<double> Links { get; }
    public IReadOnlyList<JointRange> Limits { get; }
    public int Joints => _links.Length;
    public int Count => _links.Length;
    public IReadOnlyList<string> Names { get; }
    public IReadOnlyList<JointRange> Ranges => Limits;
    public double Reach { get; }
    /// <summary>
    /// Without limits the chain reaches the annulus InnerRadius ≤ r ≤ Reach: the longest link less all the others, or
    /// 0.
    /// </summary>
    public double InnerRadius { get; }
    /// <summary>Every joint turns the full circle.</summary>
    public bool IsFull { get; }
    /// <summary>The first two links as an arm: what is left to solve once the links beyond them are placed.</summary>
    public Arm Base { get; }

    public Pose2 Forward(ReadOnlySpan<double> theta)
    {
        var end = End(theta, out var sigma);
        return new Pose2(end.X, end.Y, Angles.Wrap(sigma));
    }

    Frame IChain.Forward(ReadOnlySpan<double> q)
    {
        var end = End(q, out var sigma);
        return Frame.InPlane(new Pose2(end.X, end.Y, sigma));
    }

    /// <summary>The end effector's position alone (the refiner's step for positions needs no φ to wrap).</summary>
    public Point2 Position(ReadOnlySpan<double> theta) => End(theta, out _);

    Point2 End(ReadOnlySpan<double> theta, out double sigma)
    {
        RequireJoints(theta.Length);
        double x = 0, y = 0;
        sigma = 0;
        for (var i = 0; i < _links.Length; i++)
        {
            sigma += theta[i];
            x += _links[i] * Math.Cos(sigma);
            y += _links[i] * Math.Sin(sigma);
        }
        return new Point2(x, y);
    }

    /// <summary>
    /// J[3, N] row-major: rows ∂x/∂θ_j, ∂y/∂θ_j, ∂φ/∂θ_j. Joint j moves every link from j on:
    /// ∂x/∂θ_j = −Σ_{i≥j} L_i sin σ_i, ∂y/∂θ_j = Σ_{i≥j} L_i cos σ_i, ∂φ/∂θ_j = 1.
    /// </summary>
    public void Jacobian(ReadOnlySpan<double> theta, Span<double> jacobian)
    {
        RequireJoints(theta.Length);
        if (jacobian.Length < 3 * Joints)
            throw new ArgumentException($"the Jacobian needs 3×{Joints} values, got {jacobian.Length}");
        Span<double> sigma = stackalloc double[Joints];
        double s = 0;
        for (var i = 0; i < Joints; i++)
            sigma[i] = s += theta[i];
        double dx = 0, dy = 0;
        for (var j = Joints - 1; j >= 0; j--)
        {
            var (sin, cos) = Math.SinCos(sigma[j]);
            dx -= _links[j] * sin;
            dy += _links[j] * cos;
            jacobian[j] = dx;
            jacobian[Joints + j] = dy;
            jacobian[2 * Joints + j] = 1;
        }
    }

    Frame IChain.Jacobian(ReadOnlySpan<double> q, Span<double> jacobian)
    {
        var n = Joints;
        jacobian[..(6 * n)].Clear();
        Jacobian(q, jacobian[..(3 * n)]);
        // Rows x, y, φ become vx, vy and ωz: φ's row moves down three, vz, ωx, ωy stay 0.
        jacobian.Slice(2 * n, n).CopyTo(jacobian.Slice(5 * n, n));
        jacobian.Slice(2 * n, n).Clear();
        return ((IChain)this).Forward(q);
    }

    void IChain.Points(ReadOnlySpan<double> q, Span<Vec3> points)
    {
        Span<Point2> plane = stackalloc Point2[Joints + 1];
        Points(q, plane);
        points[0] = Vec3.Zero;
        for (var i = 0; i <= Joints; i++)
            points[i + 1] = new Vec3(plane[i].X, plane[i].Y, 0);
    }

    /// <summary>points[N + 1]: the base, every joint, then the end effector.</summary>
    public void Points(ReadOnlySpan<double> theta, Span<Point2> points)
    {
        RequireJoints(theta.Length);
        double x = 0, y = 0, sigma = 0;
        points[0] = new Point2(0, 0);
        for (var i = 0; i < Joints; i++)
        {
            sigma += theta[i];
            x += Links[i] * Math.Cos(sigma);
            y += Links[i] * Math.Sin(sigma);
            points[i + 1] = new Point2(x, y);
        }
    }

    public bool WithinLimits(ReadOnlySpan<double> q)
    {
        for (var i = 0; i < _limits.Length; i++)
        {
            if (!_limits[i].Contains(q[i]))
                return false;
        }
        return true;
    }

    /// <summary>Each angle as its congruent value within the joint's range where one exists.</summary>
    public void Represent(Span<double> q)
    {
        for (var i = 0; i < _limits.Length; i++)
            q[i] = _limits[i].Represent(q[i]);
    }

    /// <summary>Each angle into its joint's range: wrapped for a full-circle joint, clamped otherwise.</summary>
    public void Project(Span<double> q)
    {
        for (var i = 0; i < _limits.Length; i++)
            q[i] = _limits[i].Project(q[i]);
    }

    void RequireJoints(int count)
    {
        if (count != Joints)
            throw new ArgumentException($"the chain has {Joints} joints, got {count} angles");
    }
}
