using NeuralIk.Engine.Data;
using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Model;

/// <summary>
/// The guess network's view of an arm learned from its recordings (<see cref="LearnedChain"/>). Inputs: the target
/// position (x, y, or x, y, z) scaled over the recorded box, then a reference posture, each actuator scaled over its
/// recorded range; outputs: the actuators so scaled. A soft arm has a continuum of answers per position, so the
/// network is asked for the one near the reference, as an arm in space is (<see cref="SpatialLayout"/>).
/// </summary>
public sealed class LearnedLayout : IReferenceLayout
{
    readonly LearnedChain _chain;

    public LearnedLayout(LearnedChain chain, TaskBounds task)
    {
        if (task.HasOrientation || task.IsSpatial == chain.IsPlanar)
            throw new ArgumentException($"an arm learned from {(chain.IsPlanar ? "x, y" : "x, y, z")} reaches " +
                $"{(chain.IsPlanar ? "planar" : "spatial")} positions, not a " +
                $"{(task.IsSpatial ? "spatial" : "planar")} " +
                $"{task.Name}");
        _chain = chain;
    }

    /// <summary>
    /// Largest offset of a training row's reference from its answer, as a share of each actuator's range.
    /// </summary>
    public const double ReferenceNoise = 0.2;

    /// <summary>2 for planar data, 3 in space.</summary>
    public int Target => _chain.IsPlanar ? 2 : 3;
    public int Inputs => Target + _chain.Count;
    public int Outputs => _chain.Count;

    /// <summary>The position over the recorded box, the reference already in [−1, 1].</summary>
    public MinMaxScaler Scaler(double reach)
    {
        var min = Enumerable.Repeat(-1f, Inputs).ToArray();
        var max = Enumerable.Repeat(1f, Inputs).ToArray();
        double[] low = [_chain.Low.X, _chain.Low.Y, _chain.Low.Z], high = [_chain.High.X, _chain.High.Y, _chain.High.Z];
        for (var c = 0; c < Target; c++)
            (min[c], max[c]) = ((float)low[c], (float)high[c]);
        return new MinMaxScaler(min, max);
    }

    public void Encode(MinMaxScaler scaler, Frame target, ReadOnlySpan<double> reference, Span<float> inputs)
    {
        var p = target.P;
        (inputs[0], inputs[1]) = (scaler.Transform(0, (float)p.X), scaler.Transform(1, (float)p.Y));
        if (Target == 3)
            inputs[2] = scaler.Transform(2, (float)p.Z);
        Scaled(reference, inputs[Target..]);
    }

    public void Decode(ReadOnlySpan<float> output, Span<double> q)
    {
        for (var i = 0; i < Outputs; i++)
        {
            var range = _chain.Ranges[i];
            q[i] = range.Clamp(range.Lo + (output[i] + 1) / 2 * (range.Hi - range.Lo));
        }
    }

    public double Nearby(int j) => ReferenceNoise * (_chain.Ranges[j].Hi - _chain.Ranges[j].Lo);

    /// <summary>Each actuator over its range to [−1, 1]: a reference's inputs, or an answer's outputs.</summary>
    public void Scaled(ReadOnlySpan<double> q, Span<float> into)
    {
        for (var i = 0; i < Outputs; i++)
            into[i] = (float)LearnedChain.Scaled(_chain.Ranges[i], q[i]);
    }
}
