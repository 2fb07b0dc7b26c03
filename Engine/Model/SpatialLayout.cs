using NeuralIk.Engine.Data;
using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Model;

/// <summary>
/// The solver network's view of a spatial target. Inputs: the target position (scaled over ±reach), for a pose
/// the first two columns of its rotation (a continuous representation, unlike quaternions or angles), then a
/// reference posture as (sin, cos) per joint: a 6-joint arm has up to 16 answers and a 7-joint one a continuum,
/// so the network is asked for the answer near the reference, and different references give different answers.
/// Outputs: (sin, cos) per joint, decoded by atan2.
/// </summary>
public sealed class SpatialLayout : IReferenceLayout
{
    public SpatialLayout(SpatialChain chain, TaskBounds task)
    {
        if (!task.IsSpatial)
            throw new ArgumentException($"a spatial chain reaches spatial targets, not a planar {task.Name}");
        if (chain.Joints.Any(j => j.Type == JointType.Prismatic))
            throw new ArgumentException($"joint '{chain.Joints.First(j => j.Type == JointType.Prismatic).Name}' " +
                "is prismatic: the learned guess takes revolute and continuous joints");
        (Joints, Task, _unmount) = (chain.Count, task, chain.IsMounted ? chain.Mount.Inverse : null);
    }

    // A mounted chain's targets, seen from the base: the network learns the arm, not where it stands.
    readonly Frame? _unmount;

    /// <summary>
    /// Largest offset (rad) per joint of a training row's reference posture from its pose: well under the distance
    /// between the distinct answers of a 6-joint arm (their joints differ by about π), so the nearest is unique.
    /// </summary>
    public const double ReferenceNoise = 0.5;

    public int Joints { get; }
    public double Nearby(int j) => ReferenceNoise;
    public TaskBounds Task { get; }
    /// <summary>Position, the two rotation columns for a pose, the reference's (sin, cos) pairs.</summary>
    public int Inputs => Target + 2 * Joints;
    public int Outputs => 2 * Joints;
    /// <summary>The target's values (3 or 9): what the spatial FK loss compares the pose with.</summary>
    public int Target => Task.HasOrientation ? 9 : 3;

    /// <summary>The position over [−reach, reach], every other input already in [−1, 1].</summary>
    public MinMaxScaler Scaler(double reach)
    {
        var min = Enumerable.Repeat(-1f, Inputs).ToArray();
        var max = Enumerable.Repeat(1f, Inputs).ToArray();
        for (var c = 0; c < 3; c++)
            (min[c], max[c]) = ((float)-reach, (float)reach);
        return new MinMaxScaler(min, max);
    }

    /// <summary>
    /// The target's values unscaled, in the chain's base frame: position, then for a pose the rotation's x and y
    /// columns.
    /// </summary>
    public void TargetRow(Frame target, Span<float> row)
    {
        if (_unmount is { } unmount)
            target = unmount * target;
        (row[0], row[1], row[2]) = ((float)target.P.X, (float)target.P.Y, (float)target.P.Z);
        if (!Task.HasOrientation)
            return;
        var (x, y) = (target.Axis(0), target.Axis(1));
        (row[3], row[4], row[5], row[6], row[7], row[8]) =
            ((float)x.X, (float)x.Y, (float)x.Z, (float)y.X, (float)y.Y, (float)y.Z);
    }

    /// <summary>The scaled inputs for a target and a reference posture q[N].</summary>
    public void Encode(MinMaxScaler scaler, Frame target, ReadOnlySpan<double> reference, Span<float> inputs)
    {
        TargetRow(target, inputs);
        for (var c = 0; c < 3; c++)
            inputs[c] = scaler.Transform(c, inputs[c]);
        Pairs(reference, inputs[Target..]);
    }

    /// <summary>θ[N] from the network's 2N outputs.</summary>
    public void Decode(ReadOnlySpan<float> output, Span<double> q)
    {
        for (var i = 0; i < Joints; i++)
            q[i] = Math.Atan2(output[2 * i], output[2 * i + 1]);
    }

    /// <summary>(sin, cos) of each angle: the true outputs for a pose, or the reference inputs.</summary>
    public void Pairs(ReadOnlySpan<double> theta, Span<float> into)
    {
        for (var i = 0; i < Joints; i++)
        {
            var (s, c) = Math.SinCos(theta[i]);
            (into[2 * i], into[2 * i + 1]) = ((float)s, (float)c);
        }
    }
}
