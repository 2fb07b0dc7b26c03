using System.Runtime.CompilerServices;

namespace NeuralIk.Engine.Kinematics;

/// <summary>
/// A rigid transform x ↦ R x + P: the pose of a frame in its parent. R is a rotation matrix held by rows.
/// Composition (a * b) is "b expressed in a": the transform of a child frame given its pose in a parent.
/// </summary>
public readonly record struct Frame(Vec3 Row0, Vec3 Row1, Vec3 Row2, Vec3 P)
{
    public static readonly Frame Identity = new(new Vec3(1, 0, 0), new Vec3(0, 1, 0), new Vec3(0, 0, 1), Vec3.Zero);

    /// <summary>Column j of R: where the frame's own x, y or z axis points in the parent.</summary>
    public Vec3 Axis(int j) => j switch
    {
        0 => new Vec3(Row0.X, Row1.X, Row2.X),
        1 => new Vec3(Row0.Y, Row1.Y, Row2.Y),
        _ => new Vec3(Row0.Z, Row1.Z, Row2.Z),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vec3 Rotate(Vec3 v) => new(Row0.Dot(v), Row1.Dot(v), Row2.Dot(v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vec3 Apply(Vec3 v) => Rotate(v) + P;

    // Row i of the product is a's row i times b's rows; each element sums in Dot's order. Inlined: FK and the
    // Jacobian walk a chain by it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Frame operator *(Frame a, Frame b) =>
        new(Times(a.Row0, b), Times(a.Row1, b), Times(a.Row2, b), a.Apply(b.P));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vec3 Times(Vec3 row, Frame b) => new(row.X * b.Row0.X + row.Y * b.Row1.X + row.Z * b.Row2.X,
        row.X * b.Row0.Y + row.Y * b.Row1.Y + row.Z * b.Row2.Y, row.X * b.Row0.Z + row.Y * b.Row1.Z + row.Z * b.Row2.Z);

    /// <summary>
    /// URDF's &lt;origin xyz rpy&gt;: a translation, then R = Rz(yaw) · Ry(pitch) · Rx(roll) (fixed axes x, y, z).
    /// </summary>
    public static Frame FromXyzRpy(Vec3 xyz, double roll, double pitch, double yaw)
    {
        var (sr, cr) = Math.SinCos(roll);
        var (sp, cp) = Math.SinCos(pitch);
        var (sy, cy) = Math.SinCos(yaw);
        return new Frame(
            new Vec3(cy * cp, cy * sp * sr - sy * cr, cy * sp * cr + sy * sr),
            new Vec3(sy * cp, sy * sp * sr + cy * cr, sy * sp * cr - cy * sr),
            new Vec3(-sp, cp * sr, cp * cr),
            xyz);
    }

    /// <summary>A rotation by <paramref name="angle"/> about the unit <paramref name="axis"/> (Rodrigues).</summary>
    public static Frame Rotation(Vec3 axis, double angle)
    {
        var (s, c) = Math.SinCos(angle);
        return Turn(axis, c, s);
    }

    /// <summary>The same turn given by its cosine and sine (a unit pair), without an angle.</summary>
    public static Frame Turn(Vec3 axis, double c, double s)
    {
        var t = 1 - c;
        var (x, y, z) = (axis.X, axis.Y, axis.Z);
        return new Frame(
            new Vec3(t * x * x + c, t * x * y - s * z, t * x * z + s * y),
            new Vec3(t * x * y + s * z, t * y * y + c, t * y * z - s * x),
            new Vec3(t * x * z - s * y, t * y * z + s * x, t * z * z + c),
            Vec3.Zero);
    }

    public static Frame Translation(Vec3 p) => Identity with { P = p };

    /// <summary>
    /// This frame turned about its own x, y or z axis (<paramref name="k"/> = 0, 1, 2) by the turn (c, s): the product
    /// with <see cref="Turn"/> about that axis, as two columns mixed (a' = c a + s b, b' = c b − s a for the axes
    /// after k, in each row) instead of a matrix product.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Frame TurnedAbout(int k, double c, double s) => k switch
    {
        0 => new(new(Row0.X, c * Row0.Y + s * Row0.Z, c * Row0.Z - s * Row0.Y),
            new(Row1.X, c * Row1.Y + s * Row1.Z, c * Row1.Z - s * Row1.Y),
            new(Row2.X, c * Row2.Y + s * Row2.Z, c * Row2.Z - s * Row2.Y), P),
        1 => new(new(c * Row0.X - s * Row0.Z, Row0.Y, c * Row0.Z + s * Row0.X),
            new(c * Row1.X - s * Row1.Z, Row1.Y, c * Row1.Z + s * Row1.X),
            new(c * Row2.X - s * Row2.Z, Row2.Y, c * Row2.Z + s * Row2.X), P),
        _ => new(new(c * Row0.X + s * Row0.Y, c * Row0.Y - s * Row0.X, Row0.Z),
            new(c * Row1.X + s * Row1.Y, c * Row1.Y - s * Row1.X, Row1.Z),
            new(c * Row2.X + s * Row2.Y, c * Row2.Y - s * Row2.X, Row2.Z), P),
    };

    /// <summary>A planar pose as a frame: at (x, y, 0), turned by φ about z.</summary>
    public static Frame InPlane(Pose2 pose) =>
        Rotation(new Vec3(0, 0, 1), pose.Phi) with { P = new Vec3(pose.X, pose.Y, 0) };

    /// <summary>Largest distance of a quaternion's norm from 1 that is taken as rounding and normalised away.</summary>
    public const double QuaternionSlack = 1e-3;

    /// <summary>
    /// The pose at <paramref name="p"/> turned by the unit quaternion (x, y, z, w). A norm within
    /// <see cref="QuaternionSlack"/> of 1 is normalised; a farther one (0 included) or a number that is not finite
    /// is an ArgumentException saying so.
    /// </summary>
    public static Frame FromQuaternion(Vec3 p, double x, double y, double z, double w)
    {
        var norm = Math.Sqrt(x * x + y * y + z * z + w * w);
        if (!double.IsFinite(norm) || !double.IsFinite(p.Length))
            throw new ArgumentException("the target holds a number that is not finite");
        if (Math.Abs(norm - 1) > QuaternionSlack)
            throw new ArgumentException(FormattableString.Invariant($"the quaternion's norm is {norm:G6}: a ") +
                "rotation needs a unit quaternion (norm 1 within 1e-3)");
        (x, y, z, w) = (x / norm, y / norm, z / norm, w / norm);
        return new Frame(
            new Vec3(1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)),
            new Vec3(2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)),
            new Vec3(2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)),
            p);
    }

    /// <summary>The rotation as a unit quaternion (x, y, z, w), w ≥ 0 (Shepperd's method: the largest term).</summary>
    public (double X, double Y, double Z, double W) Quaternion()
    {
        var trace = Row0.X + Row1.Y + Row2.Z;
        double x, y, z, w;
        if (trace > 0)
        {
            var s = 2 * Math.Sqrt(1 + trace);
            (w, x, y, z) = (s / 4, (Row2.Y - Row1.Z) / s, (Row0.Z - Row2.X) / s, (Row1.X - Row0.Y) / s);
        }
        else if (Row0.X >= Row1.Y && Row0.X >= Row2.Z)
        {
            var s = 2 * Math.Sqrt(1 + Row0.X - Row1.Y - Row2.Z);
            (w, x, y, z) = ((Row2.Y - Row1.Z) / s, s / 4, (Row0.Y + Row1.X) / s, (Row0.Z + Row2.X) / s);
        }
        else if (Row1.Y >= Row2.Z)
        {
            var s = 2 * Math.Sqrt(1 + Row1.Y - Row0.X - Row2.Z);
            (w, x, y, z) = ((Row0.Z - Row2.X) / s, (Row0.Y + Row1.X) / s, s / 4, (Row1.Z + Row2.Y) / s);
        }
        else
        {
            var s = 2 * Math.Sqrt(1 + Row2.Z - Row0.X - Row1.Y);
            (w, x, y, z) = ((Row1.X - Row0.Y) / s, (Row0.Z + Row2.X) / s, (Row1.Z + Row2.Y) / s, s / 4);
        }
        return w < 0 ? (-x, -y, -z, -w) : (x, y, z, w);
    }

    /// <summary>R as rotations go: θ·k for a turn by θ ∈ [0, π] about the unit axis k (the log map).</summary>
    public Vec3 RotationVector()
    {
        var skew = new Vec3(Row2.Y - Row1.Z, Row0.Z - Row2.X, Row1.X - Row0.Y);
        var cos = Math.Clamp((Row0.X + Row1.Y + Row2.Z - 1) / 2, -1, 1);
        var sin = skew.Length / 2;
        var angle = Math.Atan2(sin, cos);
        if (sin > 1e-6 || cos > 0)
            return sin < 1e-12 ? 0.5 * skew : (angle / (2 * sin)) * skew;
        // Near a half turn the skew part vanishes: the axis is in the diagonal, R ≈ 2kkᵀ − I, its sign in skew.
        var k = new Vec3(Math.Sqrt(Math.Max(0, (Row0.X + 1) / 2)), Math.Sqrt(Math.Max(0, (Row1.Y + 1) / 2)),
            Math.Sqrt(Math.Max(0, (Row2.Z + 1) / 2)));
        k = k.X >= k.Y && k.X >= k.Z ? new Vec3(k.X, Math.CopySign(k.Y, Row0.Y), Math.CopySign(k.Z, Row0.Z))
            : k.Y >= k.Z ? new Vec3(Math.CopySign(k.X, Row0.Y), k.Y, Math.CopySign(k.Z, Row1.Z))
            : new Vec3(Math.CopySign(k.X, Row0.Z), Math.CopySign(k.Y, Row1.Z), k.Z);
        return (angle / k.Length) * k;
    }

    /// <summary>The inverse rotation Rᵀ (translation dropped).</summary>
    public Frame Transposed => new(Axis(0), Axis(1), Axis(2), Vec3.Zero);

    /// <summary>The inverse transform: x ↦ Rᵀ (x − P).</summary>
    public Frame Inverse
    {
        get
        {
            var rt = Transposed;
            return rt with { P = -1 * rt.Rotate(P) };
        }
    }

    /// <summary>A translation by t after a turn by the rotation vector r (|r| the angle): a fit's step.</summary>
    public static Frame Step(Vec3 t, Vec3 r)
    {
        var angle = r.Length;
        var turn = angle == 0 ? Identity : Rotation((1 / angle) * r, angle);
        return turn with { P = t };
    }

    /// <summary>URDF's roll, pitch, yaw of R (<see cref="FromXyzRpy"/> inverted; roll 0 at gimbal lock).</summary>
    public (double Roll, double Pitch, double Yaw) Rpy()
    {
        var pitch = Math.Atan2(-Row2.X, Math.Sqrt(Row0.X * Row0.X + Row1.X * Row1.X));
        if (Math.Sqrt(Row0.X * Row0.X + Row1.X * Row1.X) < 1e-12)
            return (0, pitch, Math.Atan2(-Row0.Y, Row1.Y));
        return (Math.Atan2(Row2.Y, Row2.Z), pitch, Math.Atan2(Row1.X, Row0.X));
    }

    // The position and the quaternion: the record's own printing would recurse through Transposed.
    public override string ToString()
    {
        var (x, y, z, w) = Quaternion();
        return FormattableString.Invariant($"({P.X}, {P.Y}, {P.Z}; q {x}, {y}, {z}, {w})");
    }
}
