using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Solving;

/// <summary>
/// The solver network's view of a target. A planar arm's IK is equivariant under rotation about the
/// base: rotating the target by φ rotates θ1 by φ and leaves θ2 alone. So the network sees only the
/// target's distance r and the branch, and emits (sin α, cos α, sin θ2, cos θ2) with α = θ1 − φ,
/// φ = atan2(y, x); decoding adds φ back exactly. Angles come out of atan2, so nothing wraps.
/// </summary>
public static class RelativePose
{
    public const int Inputs = 2;
    public const int Outputs = 4;

    /// <summary>+1 for elbow up (θ2 ≤ 0), −1 for elbow down.</summary>
    public static float BranchInput(Elbow elbow) => elbow == Elbow.Up ? 1f : -1f;

    /// <summary>The true outputs for a target at distance r on a branch (r within the annulus).</summary>
    public static (double SinAlpha, double CosAlpha, double SinTheta2, double CosTheta2) Label(Arm arm, double r,
        Elbow elbow)
    {
        var cos2 = Math.Clamp((r * r - arm.L1 * arm.L1 - arm.L2 * arm.L2) / (2 * arm.L1 * arm.L2), -1, 1);
        var theta2 = (elbow == Elbow.Up ? -1 : 1) * Math.Acos(cos2);
        var alpha = -Math.Atan2(arm.L2 * Math.Sin(theta2), arm.L1 + arm.L2 * Math.Cos(theta2));
        return (Math.Sin(alpha), Math.Cos(alpha), Math.Sin(theta2), cos2);
    }

    /// <summary>Joint angles from the network's four outputs and the target's direction φ.</summary>
    public static JointAngles Decode(ReadOnlySpan<float> output, double phi) =>
        new(Angles.Wrap(phi + Math.Atan2(output[0], output[1])), Math.Atan2(output[2], output[3]));
}
