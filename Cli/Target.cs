using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Solving;

namespace NeuralIk.Cli;

/// <summary>
/// A target as a user gives it, for any arm: the numbers as given (x, y and for a pose model φ in the plane;
/// x, y, z and optionally a unit quaternion qx, qy, qz, qw in space), the frame the solver takes, and what it
/// binds (a position alone, any orientation, without the quaternion).
/// </summary>
public sealed record Target(double[] Given, Frame Frame, TaskBounds Task)
{
    static readonly string[] Names = ["X", "Y", "Z", "QX", "QY", "QZ", "QW"];
    static readonly string[] PlanarNames = ["X", "Y", "PHI"];

    /// <summary>
    /// The target a model takes from these numbers; a mistake is an ArgumentException saying what to give.
    /// </summary>
    public static Target Read(IkSolver solver, IReadOnlyList<double> numbers)
    {
        var task = solver.Task;
        if (!task.IsSpatial)
        {
            var want = task.HasOrientation ? 3 : 2;
            if (numbers.Count != want)
                throw new ArgumentException(task.HasOrientation
                    ? $"this {solver.Chain.Count}-link model solves full poses: give X Y PHI (PHI in radians)"
                    : numbers.Count == 3 ? "PHI is for models trained with --orientation; this one reaches " +
                        "positions: give X Y" : "give the target as X Y");
            var v = Finite(numbers, PlanarNames);
            return new Target(v, Frame.InPlane(new Pose2(v[0], v[1], want == 3 ? v[2] : 0)), task);
        }
        if (solver.Chain is LearnedChain && numbers.Count != 3)
            throw new ArgumentException($"this arm was learned from measured positions: give X Y Z, got " +
                $"{numbers.Count} numbers");
        if (numbers.Count is not (3 or 7))
            throw new ArgumentException(numbers.Count is > 3 and < 7
                ? $"give all four of QX QY QZ QW, or none for a position alone (got {numbers.Count - 3})"
                : $"a spatial arm's target is X Y Z (a position in metres, any orientation) or X Y Z QX QY QZ QW " +
                    $"(and a unit quaternion), got {numbers.Count} numbers");
        var q = Finite(numbers, Names);
        var position = new Vec3(q[0], q[1], q[2]);
        return q.Length == 3 ? new Target(q, Frame.Translation(position), TaskBounds.Position)
            : new Target(q, Frame.FromQuaternion(position, q[3], q[4], q[5], q[6]), task);
    }

    /// <summary>The CSV headers a batch of this model's targets may have, the fuller last.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Headers(IkSolver solver) => solver.Task.IsSpatial
        ? solver.Chain is LearnedChain ? [["x", "y", "z"]] : [["x", "y", "z"], ["x", "y", "z", "qx", "qy", "qz", "qw"]]
        : [solver.Task.HasOrientation ? ["x", "y", "phi"] : ["x", "y"]];

    /// <summary>
    /// The nearest point's coordinates in the target's space: (x, y) in the plane, (x, y, z) in space.
    /// </summary>
    public double[] Coordinates(Vec3 p) => Task.IsSpatial ? [p.X, p.Y, p.Z] : [p.X, p.Y];

    public override string ToString() => "(" + string.Join(", ", Given.Select((v, i) =>
        v.ToString(i < (Task.IsSpatial ? 3 : 2) ? "F4" : "G6", System.Globalization.CultureInfo.InvariantCulture))) +
        (Task.IsSpatial && !Task.HasOrientation ? "), any orientation" : ")");

    static double[] Finite(IReadOnlyList<double> numbers, string[] names) => [.. numbers.Select((n, i) =>
        double.IsFinite(n) ? n : throw new ArgumentException($"{names[i]} must be a finite number, got " +
            n.ToString(System.Globalization.CultureInfo.InvariantCulture)))];
}
