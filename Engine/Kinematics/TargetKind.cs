namespace NeuralIk.Engine.Kinematics;

/// <summary>
/// What a target constrains: a planar position (x, y), or a full planar pose (x, y, φ) whose end
/// orientation counts too. It owns how a target is read (a position ignores φ) and the error of a pose
/// against it, e = target − FK(θ), with the orientation error weighted by the chain's reach so that both
/// are lengths and one tolerance serves. Two instances, compared by reference.
/// </summary>
public sealed class TargetKind
{
    public static readonly TargetKind Position = new("position", 2);
    public static readonly TargetKind Pose = new("pose", 3);

    TargetKind(string name, int rows) => (Name, Rows) = (name, rows);

    /// <summary>"position" or "pose", as model files and --json name it.</summary>
    public string Name { get; }
    /// <summary>Rows of the error and of the task Jacobian: 2 for a position, 3 with φ.</summary>
    public int Rows { get; }
    public bool HasOrientation => Rows == 3;

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

    /// <summary>The kind a name gives ("position" or "pose").</summary>
    public static TargetKind Parse(string name) => name switch
    {
        "position" => Position,
        "pose" => Pose,
        _ => throw new FormatException($"target kind '{name}' is neither 'position' nor 'pose'"),
    };

    public override string ToString() => Name;
}
