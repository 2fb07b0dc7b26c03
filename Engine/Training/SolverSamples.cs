using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Solving;

namespace NeuralIk.Engine.Training;

/// <summary>
/// Fresh training rows for the solver network (forward kinematics is free, so every epoch sees new
/// targets). Distances are drawn from a mixture so the whole annulus is learned, edges included:
/// 40 % uniform over the workspace area, 30 % as the seed sampled (θ2 uniform within its limits),
/// 15 % crowded against the outer edge and 15 % against the inner one. Branches are drawn 50/50.
/// Rows whose labelled θ2 lies outside joint 2's limits are drawn again, so the training data
/// respects them; joint 1's limits only forbid directions, which the rotation-free network never sees.
/// Row inputs: (r, branch); targets: the four true outputs, then the rotated target (r, 0).
/// </summary>
public static class SolverSamples
{
    /// <summary>Per row: the four true outputs, then the rotated target (r, 0).</summary>
    public const int TargetWidth = RelativePose.Outputs + 2;

    public static SampleSet Draw(Arm arm, JointLimits limits, int count, Rng rng, Data.MinMaxScaler scaler)
    {
        var inputs = new float[count * RelativePose.Inputs];
        var targets = new float[count * TargetWidth];
        for (var i = 0; i < count; i++)
        {
            double r, sa, ca, s2, c2;
            Elbow elbow;
            do
            {
                r = Distance(arm, limits, rng);
                elbow = rng.NextDouble() < 0.5 ? Elbow.Up : Elbow.Down;
                (sa, ca, s2, c2) = RelativePose.Label(arm, r, elbow);
            }
            while (!limits.Joint2.Contains(limits.Joint2.Represent(Math.Atan2(s2, c2)), 1e-12));
            inputs[2 * i] = scaler.Transform(0, (float)r);
            inputs[2 * i + 1] = scaler.Transform(1, RelativePose.BranchInput(elbow));
            var t = targets.AsSpan(i * TargetWidth, TargetWidth);
            (t[0], t[1], t[2], t[3], t[4], t[5]) = ((float)sa, (float)ca, (float)s2, (float)c2, (float)r, 0f);
        }
        return new SampleSet(inputs, targets, RelativePose.Inputs, TargetWidth);
    }

    /// <summary>The (r, branch) input scaling: r over [0, reach] and the branch ±1 both map to [−1, 1].</summary>
    public static Data.MinMaxScaler Scaler(Arm arm) => new([0f, -1f], [(float)arm.Reach, 1f]);

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
