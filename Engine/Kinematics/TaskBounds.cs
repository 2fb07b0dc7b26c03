using System.Numerics;

namespace NeuralIk.Engine.Kinematics;

/// <summary>The axes of a tip's pose: position along x, y, z and rotation about them, in the base frame.</summary>
[Flags]
public enum Axes
{
    X = 1,
    Y = 2,
    Z = 4,
    Rx = 8,
    Ry = 16,
    Rz = 32,
    Position = X | Y | Z,
    Rotation = Rx | Ry | Rz,
}

/// <summary>
/// What a target constrains, as bounds per axis (TRAC-IK's bounds, KDL-LMA's weights of 0 or 1): of the error
/// e = [Δp; reach · Δω], with Δp = target − tip and Δω the rotation vector taking the tip's orientation to the
/// target's, the rows this task counts. A planar position binds x and y; a planar pose also the turn about z; a
/// position in space x, y and z; a pose all six. Weighting the rotation by the chain's reach makes every row a
/// length, so one tolerance serves. Four instances, compared by reference; the file names the kind "position" or
/// "pose".
/// </summary>
public sealed class TaskBounds
{
    public static readonly TaskBounds PlanarPosition = new("position", Axes.X | Axes.Y);
    public static readonly TaskBounds PlanarPose = new("pose", Axes.X | Axes.Y | Axes.Rz);
    public static readonly TaskBounds Position = new("position", Axes.Position);
    public static readonly TaskBounds Pose = new("pose", Axes.Position | Axes.Rotation);

    TaskBounds(string name, Axes axes) => (Name, Bound) = (name, axes);

    /// <summary>"position" or "pose", as model files and --json name it.</summary>
    public string Name { get; }
    /// <summary>The axes the target binds.</summary>
    public Axes Bound { get; }
    /// <summary>Rows of the error and of the task Jacobian: one per bound axis.</summary>
    public int Rows => BitOperations.PopCount((uint)Bound);
    public bool HasOrientation => (Bound & Axes.Rotation) != 0;
    /// <summary>Whether the target has a z: a task in space, not in the plane.</summary>
    public bool IsSpatial => (Bound & Axes.Z) != 0;

    /// <summary>The target as this task reads it: a position's φ is 0, whatever was given.</summary>
    public Pose2 Read(Pose2 target) => HasOrientation ? target : target with { Phi = 0 };

    /// <summary>e[Rows] = target − FK(θ) (orientation × reach, wrapped) of a planar chain; returns |e|.</summary>
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

    /// <summary>
    /// e[Rows] of a tip frame against a target frame, the bound rows of [Δp; reach · Δω]; returns |e|.
    /// </summary>
    public double Error(Frame target, Frame tip, double reach, Span<double> e)
    {
        var p = target.P - tip.P;
        var w = HasOrientation ? reach * (target * tip.Transposed).RotationVector() : Vec3.Zero;
        Span<double> all = [p.X, p.Y, p.Z, w.X, w.Y, w.Z];
        // |Δp|² and |reach·Δω|² summed apart, then added: the rounding of |e| does not depend on the task.
        Span<double> sums = [0, 0];
        var row = 0;
        for (var axis = 0; axis < 6; axis++)
        {
            if (((int)Bound & (1 << axis)) == 0)
                continue;
            e[row++] = all[axis];
            sums[axis / 3] += all[axis] * all[axis];
        }
        return Math.Sqrt(sums[0] + sums[1]);
    }

    /// <summary>J[Rows, N] from the chain's J[6, N]: the bound rows, rotation rows × reach.</summary>
    public void Rows6(ReadOnlySpan<double> full, int joints, double reach, Span<double> j)
    {
        var row = 0;
        for (var axis = 0; axis < 6; axis++)
        {
            if (((int)Bound & (1 << axis)) == 0)
                continue;
            var scale = axis < 3 ? 1 : reach;
            for (var c = 0; c < joints; c++)
                j[row * joints + c] = scale * full[axis * joints + c];
            row++;
        }
    }

    /// <summary>The errors recomputed in their own units: position (length) and orientation (rad; 0 unbound).</summary>
    public (double Position, double Orientation) Errors(Frame target, Frame tip) =>
        ((target.P - tip.P).Length, HasOrientation ? (target * tip.Transposed).RotationVector().Length : 0);

    /// <summary>The task a model file names ("position" or "pose"), planar or spatial.</summary>
    public static TaskBounds Parse(string name, bool spatial = false) => name switch
    {
        "position" => spatial ? Position : PlanarPosition,
        "pose" => spatial ? Pose : PlanarPose,
        _ => throw new FormatException($"target kind '{name}' is neither 'position' nor 'pose'"),
    };

    public override string ToString() => Name;
}
