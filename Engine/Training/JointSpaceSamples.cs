using NeuralIk.Engine.Data;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;

using NeuralIk.Engine.Threading;

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
    /// <summary>
    /// <paramref name="count"/> rows: their random numbers drawn here from <paramref name="rng"/> in row order (a pose,
    /// then its reference's noise), their FK and encoding in chunks that this thread shares with
    /// <paramref name="core"/> where given (a spatial arm's FK per row made drawing an epoch a tenth of its time, the
    /// other core waiting). The same rows either way, and the same as drawn one by one.
    /// </summary>
    public static SampleSet Draw(SpatialChain chain, SpatialLayout layout, int count, Rng rng, MinMaxScaler scaler,
        SecondCore? core = null)
    {
        var rows = new SpatialRows(chain, layout, count, rng, scaler);
        if (core is null)
        {
            for (var c = 0; c < rows.Chunks; c++)
                rows.RunChunk(c);
        }
        else
        {
            core.Run(rows);
        }
        return new SampleSet(rows.Inputs, rows.Targets, layout.Inputs, rows.Width);
    }

    sealed class SpatialRows : IChunkedJob
    {
        const int Rows = 1024;
        readonly SpatialChain _chain;
        readonly SpatialLayout _layout;
        readonly MinMaxScaler _scaler;
        readonly double[] _draws; // per row: the pose q[N], then the reference's noise[N]
        readonly int _count;

        public SpatialRows(SpatialChain chain, SpatialLayout layout, int count, Rng rng, MinMaxScaler scaler)
        {
            (_chain, _layout, _scaler, _count) = (chain, layout, scaler, count);
            var n = chain.Count;
            _draws = new double[count * 2 * n];
            for (var i = 0; i < count; i++)
            {
                var row = _draws.AsSpan(i * 2 * n, 2 * n);
                PoseSampler.Draw(chain, rng, row[..n]);
                for (var j = n; j < 2 * n; j++)
                    row[j] = rng.Uniform(-SpatialLayout.ReferenceNoise, SpatialLayout.ReferenceNoise);
            }
            Width = layout.Outputs + layout.Target;
            (Inputs, Targets) = (new float[count * layout.Inputs], new float[count * Width]);
        }

        public int Width { get; }
        public float[] Inputs { get; }
        public float[] Targets { get; }
        public int Chunks => (_count + Rows - 1) / Rows;

        public void RunChunk(int chunk)
        {
            var n = _chain.Count;
            Span<double> reference = stackalloc double[n];
            for (var i = chunk * Rows; i < Math.Min(_count, (chunk + 1) * Rows); i++)
            {
                var q = _draws.AsSpan(i * 2 * n, n);
                for (var j = 0; j < n; j++)
                    reference[j] = q[j] + _draws[i * 2 * n + n + j];
                var tip = _chain.Forward(q);
                _layout.Encode(_scaler, tip, reference, Inputs.AsSpan(i * _layout.Inputs, _layout.Inputs));
                var row = Targets.AsSpan(i * Width, Width);
                _layout.Pairs(q, row);
                _layout.TargetRow(tip, row[_layout.Outputs..]);
            }
        }
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
