using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Calibration;

/// <summary>
/// A chain's geometry as the numbers a calibration fits, in blocks of six (a translation, then a rotation vector,
/// in the block's own basis): block 0 the instrument frame (the robot's base seen from the instrument), blocks
/// 1…N a step of each joint's origin, block N + 1 the marker on the tip. A joint's basis is (u, v, axis), so a
/// revolute joint's turn about its axis is its zero offset and a prismatic joint's slide along it is its own;
/// the instrument's and the marker's are x, y, z. The marker's turn is fitted only when orientations were
/// measured (a point has none).
/// FK: W·Step(p₀) · Π (Oᵢ·Step(pᵢ) · Mᵢ(qᵢ)) · Tip·Step(p_N+1), W the instrument frame the fit starts from.
/// </summary>
public sealed class GeometryModel
{
    public const int BlockSize = 6;
    readonly Frame[] _origins;
    readonly Frame[] _bases;

    public GeometryModel(SpatialChain nominal, Frame instrument, bool orientation)
    {
        (Nominal, Instrument, HasOrientation) = (nominal, instrument, orientation);
        _origins = [instrument, .. nominal.Joints.Select(j => j.Origin), nominal.Tip];
        _bases = [Frame.Identity, .. nominal.Joints.Select(j => AxisBasis(j.Axis)), Frame.Identity];
    }

    public SpatialChain Nominal { get; }
    /// <summary>The instrument frame block 0 steps from.</summary>
    public Frame Instrument { get; }
    public bool HasOrientation { get; }
    public int Blocks => _origins.Length;
    public int Count => BlockSize * Blocks;
    /// <summary>Residuals per sample: the position, and the rotation when orientations were measured.</summary>
    public int ResidualsPerSample => HasOrientation ? 6 : 3;

    /// <summary>Whether parameter k is fitted: all are but the marker's turn when only points were seen.</summary>
    public bool Fitted(int k) => HasOrientation || k < Count - 3;

    /// <summary>Parameter k is a length (metres) or an angle (radians).</summary>
    public static bool IsLength(int k) => k % BlockSize < 3;

    /// <summary>What parameter k moves, for reports: "instrument x", "joint_2 zero offset", "marker rz".</summary>
    public string Name(int k)
    {
        var (block, i) = (k / BlockSize, k % BlockSize);
        if (block == 0 || block == Blocks - 1)
            return (block == 0 ? "instrument " : "marker ") + (i < 3 ? "" : "r") + "xyz"[i % 3];
        var joint = Nominal.Joints[block - 1];
        var prismatic = joint.Type == JointType.Prismatic;
        return joint.Name + " " + i switch
        {
            0 => "shift u",
            1 => "shift v",
            2 => prismatic ? "zero offset" : "shift along axis",
            3 => "tilt u",
            4 => "tilt v",
            _ => prismatic ? "turn about axis" : "zero offset",
        };
    }

    /// <summary>Block b's frame for six parameters: its nominal frame, then the step in the block's basis.</summary>
    public Frame Block(int b, ReadOnlySpan<double> p6)
    {
        var basis = _bases[b];
        var t = basis.Rotate(new Vec3(p6[0], p6[1], p6[2]));
        var r = basis.Rotate(new Vec3(p6[3], p6[4], p6[5]));
        return _origins[b] * Frame.Step(t, r);
    }

    /// <summary>The marker's pose in the instrument's frame for joints q, given every block's frame.</summary>
    public Frame Forward(ReadOnlySpan<Frame> blocks, ReadOnlySpan<double> q)
    {
        var t = blocks[0];
        for (var i = 0; i < q.Length; i++)
            t = t * blocks[i + 1] * Nominal.Joints[i].Motion(q[i]);
        return t * blocks[^1];
    }

    /// <summary>
    /// The fitted chain: the instrument folded into the first joint's origin, the marker into the tip, so that
    /// its FK is the marker in the instrument's frame.
    /// </summary>
    public SpatialChain Chain(ReadOnlySpan<double> p)
    {
        var blocks = Frames(p);
        var joints = Nominal.Joints.Select((j, i) => j with
        {
            Origin = i == 0 ? blocks[0] * blocks[1] : blocks[i + 1],
        }).ToList();
        return new SpatialChain("instrument", "marker", joints, blocks[^1]);
    }

    /// <summary>Every block's frame for the parameters p[Count].</summary>
    public Frame[] Frames(ReadOnlySpan<double> p)
    {
        var frames = new Frame[Blocks];
        for (var b = 0; b < Blocks; b++)
            frames[b] = Block(b, p.Slice(b * BlockSize, BlockSize));
        return frames;
    }

    // Columns u, v, axis: u across the axis from the coordinate axis least along it, v = axis × u.
    static Frame AxisBasis(Vec3 axis)
    {
        var a = axis.Direction();
        var least = Math.Abs(a.X) <= Math.Abs(a.Y) && Math.Abs(a.X) <= Math.Abs(a.Z) ? new Vec3(1, 0, 0)
            : Math.Abs(a.Y) <= Math.Abs(a.Z) ? new Vec3(0, 1, 0) : new Vec3(0, 0, 1);
        var u = a.Cross(least).Direction();
        var v = a.Cross(u);
        return new Frame(new Vec3(u.X, v.X, a.X), new Vec3(u.Y, v.Y, a.Y), new Vec3(u.Z, v.Z, a.Z), Vec3.Zero);
    }
}
