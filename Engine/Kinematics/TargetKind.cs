namespace NeuralIk.Engine.Kinematics;

/// <summary>
/// What a target constrains: a planar position (x, y) or pose (x, y, φ), a spatial position (x, y, z) or
/// pose (position and orientation). It owns how a planar target is read (a position ignores φ) and the
/// error of a pose against it, e = target − FK(θ), with the orientation error weighted by the chain's reach
/// so that both are lengths and one tolerance serves. Four instances, compared by reference.
/// </summary>
public sealed class TargetKind
{
    public static readonly TargetKind Position = new("position", 2, false, false);
    public static readonly TargetKind Pose = new("pose", 3, true, false);
    public static readonly TargetKind SpatialPosition = new("position", 3, false, true);
    public static readonly TargetKind SpatialPose = new("pose", 6, true, true);

    TargetKind(string name, int rows, bool orientation, bool spatial) =>
        (Name, Rows, HasOrientation, IsSpatial) = (name, rows, orientation, spatial);

    /// <summary>"position" or "pose", as model files and --json name it.</summary>
    public string Name { get; }
    /// <summary>Rows of the error and of the task Jacobian: 2 or 3 in the plane, 3 or 6 in space.</summary>
    public int Rows { get; }
    public bool HasOrientation { get; }
    public bool IsSpatial { get; }

    /// <summary>The target as this kind reads it: a position's φ is 0, whatever was given.</summary>
    public Pose2 Read(Pose2 target) => HasOrientation ? target : target with { Phi = 0 };

    /// <summary>e[Rows] = target − FK(θ) (orientation × reach, wrapped); returns |e|.</summary>
    public double Error(PlanarChain chain, Pose2 target, ReadOnlySpan<double> theta, Span<double> e)
    {
        if (!HasOrientation)
        {
            var q = chain.Position(theta);
            (e[0], e[1]) = (target.X - q.X, target.Y - q.Y);
            return Math.Sqrt(e[0] * e[0] + e[1] * e[1]);
        }
        var p = chain.Forward(theta);
        (e[0], e[1], e[2]) = (target.X - p.X, target.Y - p.Y, chain.Reach * Angles.Wrap(target.Phi - p.Phi));
        return Math.Sqrt(e[0] * e[0] + e[1] * e[1] + e[2] * e[2]);
    }

    /// <summary>The kind a model file names ("position" or "pose"), planar or spatial.</summary>
    public static TargetKind Parse(string name, bool spatial = false) => name switch
    {
        "position" => spatial ? SpatialPosition : Position,
        "pose" => spatial ? SpatialPose : Pose,
        _ => throw new FormatException($"target kind '{name}' is neither 'position' nor 'pose'"),
    };

    public override string ToString() => Name;
}
