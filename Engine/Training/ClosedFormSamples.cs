using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;

namespace NeuralIk.Engine.Training;

/// <summary>
/// Fresh training rows for a 2-link arm reaching positions, labelled by its closed form: the network sees only
/// the distance r and the branch, so rows are drawn by distance, from a mixture that learns the whole annulus,
/// edges included:
/// 40 % uniform over the workspace area, 30 % as the seed sampled (θ2 uniform within its limits),
/// 15 % crowded against the outer edge and 15 % against the inner one. Branches are drawn 50/50.
/// Rows whose labelled θ2 lies outside joint 2's limits are drawn again, so the training data
/// respects them; joint 1's limits only forbid directions, which the rotation-free network never sees.
/// Row inputs: (r, branch); targets: the four true outputs, then the rotated target (r, 0).
/// </summary>
public static class ClosedFormSamples
{
    static readonly ChainLayout Layout = new(2, TaskBounds.PlanarPosition);

    /// <summary>Per row: the four true outputs, then the rotated target (r, 0).</summary>
    public const int TargetWidth = 4 + 2;

    public static SampleSet Draw(Arm arm, JointLimits limits, int count, Rng rng, Data.MinMaxScaler scaler)
    {
        var inputs = new float[count * Layout.Inputs];
        var targets = new float[count * TargetWidth];
        for (var i = 0; i < count; i++)
        {
            double r, sa, ca, s2, c2;
            Elbow elbow;
            do
            {
                r = Distance(arm, limits, rng);
                elbow = rng.NextDouble() < 0.5 ? Elbow.Up : Elbow.Down;
                (sa, ca, s2, c2) = Label(arm, r, elbow);
            }
            while (!limits.Joint2.Contains(limits.Joint2.Represent(Math.Atan2(s2, c2)), 1e-12));
            inputs[2 * i] = scaler.Transform(0, (float)r);
            inputs[2 * i + 1] = scaler.Transform(1, ChainLayout.BranchInput(elbow));
            var t = targets.AsSpan(i * TargetWidth, TargetWidth);
            (t[0], t[1], t[2], t[3], t[4], t[5]) = ((float)sa, (float)ca, (float)s2, (float)c2, (float)r, 0f);
        }
        return new SampleSet(inputs, targets, Layout.Inputs, TargetWidth);
    }

    /// <summary>
    /// The layout's outputs for a target at distance r on a branch (r within the annulus), in closed form from
    /// the law of cosines: the label depends on r alone, so rows need no direction.
    /// </summary>
    public static (double SinAlpha, double CosAlpha, double SinTheta2, double CosTheta2) Label(Arm arm, double r,
        Elbow elbow)
    {
        var cos2 = Math.Clamp((r * r - arm.L1 * arm.L1 - arm.L2 * arm.L2) / (2 * arm.L1 * arm.L2), -1, 1);
        var theta2 = (elbow == Elbow.Up ? -1 : 1) * Math.Acos(cos2);
        var alpha = -Math.Atan2(arm.L2 * Math.Sin(theta2), arm.L1 + arm.L2 * Math.Cos(theta2));
        return (Math.Sin(alpha), Math.Cos(alpha), Math.Sin(theta2), cos2);
    }

    static double Distance(Arm arm, JointLimits limits, Rng rng)
    {
        var (inner, outer) = (arm.InnerRadius, arm.Reach);
        var u = rng.NextDouble();
        var pick = rng.NextDouble();
        if (pick < 0.4)
            return Math.Sqrt(inner * inner + u * (outer * outer - inner * inner));
        if (pick < 0.7)
        {
            var theta2 = rng.Uniform(limits.Joint2.Lo, limits.Joint2.Hi);
            return Math.Sqrt(Math.Max(0, arm.L1 * arm.L1 + arm.L2 * arm.L2 + 2 * arm.L1 * arm.L2 * Math.Cos(theta2)));
        }
        var edge = 0.05 * outer * u * u;
        return pick < 0.85 ? outer - edge : Math.Min(outer, inner + edge);
    }
}
