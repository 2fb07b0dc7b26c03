using NeuralIk.Engine.Data;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;

namespace NeuralIk.Engine.Training;

/// <summary>
/// Fresh training rows for a chain network, drawn in joint space (<see cref="PoseSampler"/>) so that every
/// row is a pose within the limits. Each pose names its own target, branch and posture, so the
/// label is unique even for a redundant chain. Row inputs: <see cref="ChainLayout.Encode"/>;
/// targets: the 2N true outputs, then the rotated target (r, 0) and, for a pose, (cos β, sin β).
/// A spatial chain's rows (<see cref="SpatialLayout"/>) take as reference the pose itself moved by up to
/// <see cref="SpatialLayout.ReferenceNoise"/> per joint, so the network learns the answer near a reference, not
/// the mean of all.
/// </summary>
public static class JointSpaceSamples
{
    public static SampleSet Draw(SpatialChain chain, SpatialLayout layout, int count, Rng rng, MinMaxScaler scaler)
    {
        var width = layout.Outputs + layout.Target;
        var inputs = new float[count * layout.Inputs];
        var targets = new float[count * width];
        Span<double> q = stackalloc double[chain.Count];
        Span<double> reference = stackalloc double[chain.Count];
        for (var i = 0; i < count; i++)
        {
            PoseSampler.Draw(chain, rng, q);
            for (var j = 0; j < q.Length; j++)
                reference[j] = q[j] + rng.Uniform(-SpatialLayout.ReferenceNoise, SpatialLayout.ReferenceNoise);
            var tip = chain.Forward(q);
            layout.Encode(scaler, tip, reference, inputs.AsSpan(i * layout.Inputs, layout.Inputs));
            var row = targets.AsSpan(i * width, width);
            layout.Pairs(q, row);
            layout.TargetRow(tip, row[layout.Outputs..]);
        }
        return new SampleSet(inputs, targets, layout.Inputs, width);
    }

    public static SampleSet Draw(PlanarChain chain, ChainLayout layout, int count, Rng rng, MinMaxScaler scaler)
    {
        var width = layout.Outputs + layout.FkWidth;
        var inputs = new float[count * layout.Inputs];
        var targets = new float[count * width];
        Span<double> theta = stackalloc double[chain.Joints];
        Span<double> directions = stackalloc double[Math.Max(1, layout.Free)];
        for (var i = 0; i < count; i++)
        {
            PoseSampler.Draw(chain, rng, theta);
            var p = chain.Forward(theta);
            var psi = Math.Atan2(p.Y, p.X);
            Posture.Of(theta, layout.Task, directions);
            layout.Encode(scaler, p, Posture.BranchOf(theta), directions,
                inputs.AsSpan(i * layout.Inputs, layout.Inputs));
            var row = targets.AsSpan(i * width, width);
            layout.Label(theta, psi, row);
            row[layout.Outputs] = (float)Math.Sqrt(p.X * p.X + p.Y * p.Y);
            row[layout.Outputs + 1] = 0f;
            if (layout.Task.HasOrientation)
                (row[layout.Outputs + 3], row[layout.Outputs + 2]) = ((float)Math.Sin(p.Phi - psi),
                    (float)Math.Cos(p.Phi - psi));
        }
        return new SampleSet(inputs, targets, layout.Inputs, width);
    }
}
