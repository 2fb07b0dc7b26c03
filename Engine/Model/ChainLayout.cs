using NeuralIk.Engine.Data;
using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Model;

/// <summary>
/// The solver network's view of a target, for any planar chain (a 2-link arm is the chain with N = 2). IK is
/// equivariant under rotation about the base: rotating the target by ψ rotates θ1 by ψ and leaves the rest
/// alone, so every angle is taken relative to the target's direction ψ = atan2(y, x). Inputs: r, the branch
/// (±1), for a full pose (sin β, cos β) with β = φ − ψ, then (sin, cos) of σ_k − ψ for each free link of
/// the <see cref="Posture"/>. Outputs:
/// (sin, cos) of α = θ1 − ψ, then of θ2 … θN. Angles come out of atan2, so nothing wraps. Files of 2-link
/// models name this layout "relative-sincos", of chains "chain-sincos"; the two are the same.
/// </summary>
public sealed class ChainLayout : ILayout
{
    public ChainLayout(int joints, TaskBounds task)
    {
        if (joints is < 2 or > 8)
            throw new ArgumentException($"a chain has 2 to 8 links, got {joints}");
        if (task.HasOrientation && joints < 3)
            throw new ArgumentException("a full pose (x, y, φ) needs at least 3 links: a 2-link arm cannot choose " +
                "its end orientation");
        Joints = joints;
        Task = task;
        Free = Posture.FreeLinks(joints, task);
    }

    public int Joints { get; }
    public TaskBounds Task { get; }
    /// <summary>Free link directions: the posture inputs (0 for a 2-link position or a 3-link pose).</summary>
    public int Free { get; }
    public int Inputs => 2 + (Task.HasOrientation ? 2 : 0) + 2 * Free;
    public int Outputs => 2 * Joints;
    /// <summary>What the FK loss compares with, in the rotated frame: (r, 0), then (cos β, sin β) for a pose.</summary>
    public int FkWidth => Task.HasOrientation ? 4 : 2;

    /// <summary>+1 for elbow up (θ2 ≤ 0), −1 for elbow down.</summary>
    public static float BranchInput(Elbow elbow) => elbow == Elbow.Up ? 1f : -1f;

    /// <summary>r over [0, reach], every other input already in [−1, 1].</summary>
    public MinMaxScaler Scaler(double reach)
    {
        var min = Enumerable.Repeat(-1f, Inputs).ToArray();
        var max = Enumerable.Repeat(1f, Inputs).ToArray();
        (min[0], max[0]) = (0f, (float)reach);
        return new MinMaxScaler(min, max);
    }

    /// <summary>The scaled inputs for a target, a branch and absolute free-link directions (Free of them).</summary>
    public void Encode(MinMaxScaler scaler, Pose2 target, Elbow branch, ReadOnlySpan<double> directions,
        Span<float> inputs)
    {
        inputs[0] = scaler.Transform(0, (float)Math.Sqrt(target.X * target.X + target.Y * target.Y));
        inputs[1] = BranchInput(branch);
        if (Inputs == 2)
            return;
        var psi = Math.Atan2(target.Y, target.X);
        var at = 2;
        if (Task.HasOrientation)
            at = Pair(target.Phi - psi, inputs, at);
        for (var k = 0; k < Free; k++)
            at = Pair(directions[k] - psi, inputs, at);
    }

    /// <summary>θ[N] from the network's 2N outputs and the target's direction ψ.</summary>
    public void Decode(ReadOnlySpan<float> output, double psi, Span<double> theta)
    {
        theta[0] = Angles.Wrap(psi + Math.Atan2(output[0], output[1]));
        for (var i = 1; i < Joints; i++)
            theta[i] = Math.Atan2(output[2 * i], output[2 * i + 1]);
    }

    /// <summary>The true outputs for pose θ: (sin, cos) of θ1 − ψ, then of each θi.</summary>
    public void Label(ReadOnlySpan<double> theta, double psi, Span<float> label)
    {
        for (var i = 0; i < Joints; i++)
            Pair(i == 0 ? theta[0] - psi : theta[i], label, 2 * i);
    }

    static int Pair(double angle, Span<float> into, int at)
    {
        var (s, c) = Math.SinCos(angle);
        (into[at], into[at + 1]) = ((float)s, (float)c);
        return at + 2;
    }
}
