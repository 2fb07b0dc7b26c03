using System.Text.Json;
using System.Text.Json.Serialization;
using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Model;

/// <summary>
/// A spatial chain as a model file records it (metadata "arm.spatial", JSON), so the file is self-contained:
/// base and tip link, then per movable joint its name, type, origin (rotation by rows, then translation), axis,
/// limits (null for a continuous joint, which has none: JSON has no infinity) and the line of the robot file it came
/// from; the tip frame, and the mount where there is one. Doubles round-trip exactly.
/// </summary>
public static class SpatialChainFile
{
    sealed record JointEntry(string Name, string Type, double[] Origin, double[] Axis, double? Lower, double? Upper,
        int Line);

    // Mount only where the chain has one, so files of unmounted chains stay as they were.
    sealed record ChainEntry(string Base, string Tip, JointEntry[] Joints, double[] TipFrame,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double[]? Mount = null);

    public static string Write(SpatialChain chain) => JsonSerializer.Serialize(new ChainEntry(chain.BaseLink,
        chain.TipLink, [.. chain.Joints.Select(j => new JointEntry(j.Name, j.Type.ToString().ToLowerInvariant(),
            Numbers(j.Origin), [j.Axis.X, j.Axis.Y, j.Axis.Z], Limit(j, j.Range.Lo), Limit(j, j.Range.Hi), j.Line))],
        Numbers(chain.Tip), chain.IsMounted ? Numbers(chain.Mount) : null));

    /// <summary>Reads what <see cref="Write"/> wrote; anything else is a FormatException.</summary>
    public static SpatialChain Read(string json)
    {
        var entry = JsonSerializer.Deserialize<ChainEntry>(json)
            ?? throw new FormatException("'arm.spatial' is empty");
        if (entry.Joints is null || entry.TipFrame is null)
            throw new FormatException("'arm.spatial' lacks its joints or tip frame");
        var joints = entry.Joints.Select(j => Type(j.Type) is var type && type == JointType.Continuous
            ? new SpatialJoint(j.Name ?? "", type, FrameOf(j.Origin), AxisOf(j.Axis), JointRange.Unlimited, j.Line)
            : new SpatialJoint(j.Name ?? "", type, FrameOf(j.Origin), AxisOf(j.Axis),
                new JointRange(Finite(j.Lower), Finite(j.Upper)), j.Line)).ToList();
        return new SpatialChain(entry.Base ?? "", entry.Tip ?? "", joints, FrameOf(entry.TipFrame),
            entry.Mount is null ? null : FrameOf(entry.Mount));
    }

    static JointType Type(string? name) => name switch
    {
        "revolute" => JointType.Revolute,
        "continuous" => JointType.Continuous,
        "prismatic" => JointType.Prismatic,
        _ => throw new FormatException($"joint type '{name}' is none of revolute, continuous, prismatic"),
    };

    static double? Limit(SpatialJoint j, double limit) => j.Type == JointType.Continuous ? null : limit;

    static double Finite(double? limit) => limit is { } v && double.IsFinite(v) ? v
        : throw new FormatException("a revolute or prismatic joint in 'arm.spatial' lacks a finite limit");

    static double[] Numbers(Frame f) =>
        [f.Row0.X, f.Row0.Y, f.Row0.Z, f.Row1.X, f.Row1.Y, f.Row1.Z, f.Row2.X, f.Row2.Y, f.Row2.Z, f.P.X, f.P.Y, f.P.Z];

    static Frame FrameOf(double[]? v) => v is { Length: 12 } && v.All(double.IsFinite)
        ? new Frame(new Vec3(v[0], v[1], v[2]), new Vec3(v[3], v[4], v[5]), new Vec3(v[6], v[7], v[8]),
            new Vec3(v[9], v[10], v[11]))
        : throw new FormatException("a frame in 'arm.spatial' is not 12 finite numbers");

    static Vec3 AxisOf(double[]? v) => v is { Length: 3 } && v.All(double.IsFinite) && Math.Abs(
        new Vec3(v[0], v[1], v[2]).Length - 1) < 1e-9
        ? new Vec3(v[0], v[1], v[2]) : throw new FormatException("an axis in 'arm.spatial' is not a unit vector");
}
