namespace NeuralIk.Engine.Kinematics;

public enum JointType { Revolute, Continuous, Prismatic }

/// <summary>
/// One movable joint of a spatial chain: its pose in the previous joint's frame when at zero (the fixed joints
/// between them folded in), its unit axis in its own frame, and its range (radians, or metres for a prismatic
/// joint; a continuous joint turns freely). <see cref="Line"/> is where the robot file declares it.
/// </summary>
public sealed record SpatialJoint(string Name, JointType Type, Frame Origin, Vec3 Axis, JointRange Range, int Line)
{
    public bool Within(double q) => Range.Contains(q);

    /// <summary>The joint's own motion: a turn about the axis, or a slide along it.</summary>
    public Frame Motion(double q) =>
        Type == JointType.Prismatic ? Frame.Translation(q * Axis) : Frame.Rotation(Axis, q);
}

/// <summary>
/// A serial chain of N movable joints in space, from a base link to a tip link, in double precision.
/// FK: T(q) = O₁ M₁(q₁) O₂ M₂(q₂) … O_N M_N(q_N) · Tip, with O the joints' origins and M their motions.
/// The geometric Jacobian J[6, N] (rows vx, vy, vz, ωx, ωy, ωz in the base frame): a revolute joint with
/// world axis z at point p moves the tip by z × (p_tip − p) and turns it about z; a prismatic one slides
/// it along z.
/// </summary>
public sealed partial class SpatialChain : IChain
{
    /// <summary>
    /// The chain from <paramref name="baseLink"/> to <paramref name="tipLink"/>; <paramref name="mount"/> is the base
    /// link's pose in the frame targets are given in (an instrument's, for a calibrated arm), the identity by default.
    /// </summary>
    public SpatialChain(string baseLink, string tipLink, IReadOnlyList<SpatialJoint> joints, Frame tip,
        Frame? mount = null)
    {
        if (joints.Count is < 1 or > JointVector.Capacity)
            throw new ArgumentException($"a chain has 1 to {JointVector.Capacity} movable joints, got {joints.Count}");
        (BaseLink, TipLink, _joints, Tip, Mount) = (baseLink, tipLink, [.. joints], tip, mount ?? Frame.Identity);
        Names = [.. Joints.Select(j => j.Name)];
        Ranges = [.. Joints.Select(j => j.Range)];
        Reach = joints.Sum(j => j.Origin.P.Length + (j.Type == JointType.Prismatic
            ? Math.Max(Math.Abs(j.Range.Lo), Math.Abs(j.Range.Hi)) : 0)) + tip.P.Length;
        HasPrismatic = joints.Any(j => j.Type == JointType.Prismatic);
        _links = [.. Joints.Select(Link.Of)];
        _laneFrames = LaneFrames();
    }

    // The joints as an array: the solver's projections read them every step, without an interface call each.
    readonly SpatialJoint[] _joints;
    readonly Link[] _links;

    // A joint as FK walks it: its origin, then its motion. Most robot files turn a joint about a frame axis (±x, ±y or
    // ±z, Principal its index): that turn mixes two columns of the frame (Frame.TurnedAbout) instead of building a
    // rotation and multiplying by it; a refinement's FK and Jacobian are most of its cost.
    readonly record struct Link(Frame Origin, Vec3 Axis, JointType Type, int Principal, double Sign)
    {
        public static Link Of(SpatialJoint joint)
        {
            var a = joint.Axis;
            var principal = (Math.Abs(a.X), Math.Abs(a.Y), Math.Abs(a.Z)) switch
            {
                (1, 0, 0) => 0,
                (0, 1, 0) => 1,
                (0, 0, 1) => 2,
                _ => -1,
            };
            var sign = principal < 0 ? 1 : a.X + a.Y + a.Z;
            return new Link(joint.Origin, a, joint.Type, principal, sign);
        }

        /// <summary>The frame <paramref name="at"/> (this joint's, at zero) moved by q.</summary>
        public Frame Moved(Frame at, double q)
        {
            if (Type == JointType.Prismatic)
                return at with { P = at.Apply(q * Axis) };
            if (Principal < 0)
                return at * Frame.Rotation(Axis, q);
            var (s, c) = Math.SinCos(q);
            return at.TurnedAbout(Principal, c, Sign * s);
        }

        /// <summary>The same for the angle atan2(s, c), from (s, c) without it where they have a length.</summary>
        public Frame Moved(Frame at, double s, double c)
        {
            var r = Math.Sqrt(s * s + c * c);
            if (Type == JointType.Prismatic || r == 0)
                return Moved(at, Math.Atan2(s, c));
            (s, c) = (s / r, c / r);
            return Principal < 0 ? at * Frame.Turn(Axis, c, s) : at.TurnedAbout(Principal, c, Sign * s);
        }
    }

    public string BaseLink { get; }
    public string TipLink { get; }
    public IReadOnlyList<SpatialJoint> Joints => _joints;
    /// <summary>Whether a joint slides (the FK loss of turning joints does not take it).</summary>
    public bool HasPrismatic { get; }
    /// <summary>The tip link's pose in the last joint's frame.</summary>
    public Frame Tip { get; }
    /// <summary>The base link's pose in the targets' frame (identity unless the arm is seen from elsewhere).</summary>
    public Frame Mount { get; }
    public bool IsMounted => Mount != Frame.Identity;
    /// <summary>
    /// A learned offset of the tip's position added to the geometry's (null: the URDF is the whole arm). FK and
    /// <see cref="Points"/>' tip include it; the Jacobian stays the geometry's: a correction's slope (a sag's is under
    /// a thousandth of the geometry's) changes a refinement step by as little, so each step still converges, accepted
    /// on the corrected FK, and costs what a URDF's step does.
    /// </summary>
    public IPositionCorrection? Correction { get; private init; }
    public int Count => Joints.Count;
    public IReadOnlyList<string> Names { get; }
    public IReadOnlyList<JointRange> Ranges { get; }
    /// <summary>
    /// An upper bound on the tip's distance from the base origin (<see cref="Mount"/>'s): every offset of the chain
    /// laid end to end.
    /// </summary>
    public double Reach { get; }

    /// <summary>The tip's pose in the base frame.</summary>
    public Frame Forward(ReadOnlySpan<double> q)
    {
        RequireJoints(q.Length);
        var t = Mount;
        for (var i = 0; i < _links.Length; i++)
            t = _links[i].Moved(t * _links[i].Origin, q[i]);
        t *= Tip;
        return Correction is null ? t : t with { P = t.P + Correction.Offset(q) };
    }

    /// <summary>
    /// FK of the pose a network's (sin, cos) pairs[2N] give, each pair read as the angle atan2(sin, cos) as the layouts
    /// decode it: <see cref="Forward"/> of the decoded angles within rounding, without the angles (a direct guess's
    /// heads are ranked by an FK each).
    /// </summary>
    public Frame ForwardOfPairs(ReadOnlySpan<float> pairs)
    {
        if (pairs.Length != 2 * Joints.Count)
            throw new ArgumentException($"the chain has {Joints.Count} joints, got {pairs.Length} values for their " +
                $"{2 * Joints.Count} (sin, cos)");
        var t = Mount;
        for (var i = 0; i < _links.Length; i++)
            t = _links[i].Moved(t * _links[i].Origin, pairs[2 * i], pairs[2 * i + 1]);
        t *= Tip;
        if (Correction is null)
            return t;
        Span<double> q = stackalloc double[_links.Length];
        for (var i = 0; i < q.Length; i++)
            q[i] = Math.Atan2(pairs[2 * i], pairs[2 * i + 1]);
        return t with { P = t.P + Correction.Offset(q) };
    }

    /// <summary>This chain with <paramref name="correction"/> added to its tip's position.</summary>
    public SpatialChain WithCorrection(IPositionCorrection? correction) =>
        new(BaseLink, TipLink, Joints, Tip, Mount) { Correction = correction };

    /// <summary>
    /// Where the chain runs for pose q: points[0] the base origin, points[i] joint i's origin (i = 1 … N), and
    /// points[N + 1] the tip, all in the base frame (what a picture of the arm draws).
    /// </summary>
    public void Points(ReadOnlySpan<double> q, Span<Vec3> points)
    {
        RequireJoints(q.Length);
        if (points.Length < Joints.Count + 2)
            throw new ArgumentException($"the chain runs through {Joints.Count + 2} points, room for {points.Length}");
        var t = Mount;
        points[0] = Mount.P;
        for (var i = 0; i < _links.Length; i++)
        {
            t *= _links[i].Origin;
            points[i + 1] = t.P;
            t = _links[i].Moved(t, q[i]);
        }
        points[Joints.Count + 1] = (t * Tip).P + (Correction?.Offset(q) ?? Vec3.Zero);
    }

    /// <summary>J[6, N] row-major, as in the class summary; returns the tip's pose (the same bits as Forward's).
    /// </summary>
    public Frame Jacobian(ReadOnlySpan<double> q, Span<double> jacobian)
    {
        RequireJoints(q.Length);
        var n = Joints.Count;
        if (jacobian.Length < 6 * n)
            throw new ArgumentException($"the Jacobian needs 6×{n} values, got {jacobian.Length}");
        Span<Vec3> axes = stackalloc Vec3[n];
        Span<Vec3> points = stackalloc Vec3[n];
        var t = Mount;
        for (var i = 0; i < n; i++)
        {
            var at = t * _links[i].Origin;
            (axes[i], points[i]) = (at.Rotate(_links[i].Axis), at.P);
            t = _links[i].Moved(at, q[i]);
        }
        var end = t * Tip;
        var tip = end.P;
        for (var i = 0; i < n; i++)
        {
            var prismatic = _links[i].Type == JointType.Prismatic;
            var v = prismatic ? axes[i] : axes[i].Cross(tip - points[i]);
            var w = prismatic ? Vec3.Zero : axes[i];
            (jacobian[i], jacobian[n + i], jacobian[2 * n + i]) = (v.X, v.Y, v.Z);
            (jacobian[3 * n + i], jacobian[4 * n + i], jacobian[5 * n + i]) = (w.X, w.Y, w.Z);
        }
        return Correction is null ? end : end with { P = tip + Correction.Offset(q) };
    }

    public bool WithinLimits(ReadOnlySpan<double> q)
    {
        for (var i = 0; i < _joints.Length; i++)
        {
            if (!_joints[i].Within(q[i]))
                return false;
        }
        return true;
    }

    /// <summary>Each value into its joint's range: continuous joints wrapped to (−π, π], the others clamped.</summary>
    public void Project(Span<double> q)
    {
        for (var i = 0; i < _joints.Length; i++)
        {
            var j = _joints[i];
            q[i] = j.Type == JointType.Continuous ? Angles.Wrap(q[i]) : j.Range.Clamp(q[i]);
        }
    }

    /// <summary>A revolute angle outside its range as the congruent angle inside it, where one exists.</summary>
    public void Represent(Span<double> q)
    {
        for (var i = 0; i < _joints.Length; i++)
        {
            var j = _joints[i];
            if (j.Type != JointType.Revolute || j.Within(q[i]))
                continue;
            var turned = q[i] + Math.Ceiling((j.Range.Lo - q[i]) / (2 * Math.PI)) * 2 * Math.PI;
            if (j.Within(turned))
                q[i] = turned;
        }
    }

    void RequireJoints(int count)
    {
        if (count != Joints.Count)
            throw new ArgumentException($"the chain has {Joints.Count} joints, got {count} values");
    }
}
