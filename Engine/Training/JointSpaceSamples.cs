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
    /// <paramref name="count"/> rows in chunks of <see cref="SpatialRows.Rows"/>, each from its own generator seeded
    /// from <paramref name="rng"/> (one draw per chunk, in order): the same rows whether this thread draws them alone
    /// or shares the chunks with <paramref name="core"/> (a spatial arm's FK per row made drawing an epoch a tenth of
    /// its time, with the other core waiting).
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
        public const int Rows = 1024;
        readonly SpatialChain _chain;
        readonly SpatialLayout _layout;
        readonly MinMaxScaler _scaler;
        readonly ulong[] _seeds;
        readonly int _count;

        public SpatialRows(SpatialChain chain, SpatialLayout layout, int count, Rng rng, MinMaxScaler scaler)
        {
            (_chain, _layout, _scaler, _count) = (chain, layout, scaler, count);
            _seeds = new ulong[(count + Rows - 1) / Rows];
            for (var c = 0; c < _seeds.Length; c++)
                _seeds[c] = rng.NextUInt64();
            Width = layout.Outputs + layout.Target;
            (Inputs, Targets) = (new float[count * layout.Inputs], new float[count * Width]);
        }

        public int Width { get; }
        public float[] Inputs { get; }
        public float[] Targets { get; }
        public int Chunks => _seeds.Length;

        public void RunChunk(int chunk)
        {
            var rng = new Rng(_seeds[chunk]);
            Span<double> q = stackalloc double[_chain.Count];
            Span<double> reference = stackalloc double[_chain.Count];
            for (var i = chunk * Rows; i < Math.Min(_count, (chunk + 1) * Rows); i++)
            {
                PoseSampler.Draw(_chain, rng, q);
                for (var j = 0; j < q.Length; j++)
                    reference[j] = q[j] + rng.Uniform(-SpatialLayout.ReferenceNoise, SpatialLayout.ReferenceNoise);
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
