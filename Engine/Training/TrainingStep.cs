using NeuralIk.Engine.Losses;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Optimizers;
using NeuralIk.Engine.Tensors;
using NeuralIk.Engine.Threading;

namespace NeuralIk.Engine.Training;

/// <summary>
/// One optimizer step as three jobs that one core runs chunk by chunk and two cores share:
/// 1. forward through every layer, by halves of the batch (rows are independent, so the layers need
///    no hand-off between them); then the loss over the whole batch on the caller;
/// 2. dX back through every layer, by halves of the batch;
/// 3. by chunks of weight rows: dW of those rows, Adam on them and their columns of Wt, while they are
///    in L1; chunk 0 also takes the biases.
/// Three hand-offs per step instead of one per product (15 for the seed network), and each value is
/// the same sum in the same order whoever computes it, so one core and two give the same bits.
/// </summary>
internal sealed class TrainingStep(Mlp net, Adam adam, ILoss loss) : IChunkedJob
{
    /// <summary>The three jobs of a step, in order.</summary>
    internal enum Phase { Forward, Backward, Update }

    const int UpdateChunks = 8;
    Phase _phase;
    float[] _x = [];
    int _batch;
    float _alpha;
    IDenseKernels _kernels = DenseBlocked.Instance;
    SecondCore? _core;
    readonly float[][] _gradients = ChunkBuffers(net);

    public int Chunks => _phase == Phase.Update ? UpdateChunks : 2;

    /// <summary>One step on x[batch, inputs] (the first rows of <paramref name="x"/>) and its targets; returns the batch loss before it.</summary>
    public double Run(float[] x, ReadOnlySpan<float> targets, int batch)
    {
        Prepare(x, batch);
        RunPhase(Phase.Forward);
        var value = Loss(targets);
        RunPhase(Phase.Backward);
        _alpha = adam.BeginStep();
        RunPhase(Phase.Update);
        return value;
    }

    /// <summary>Sets the batch for the phases (separately callable so benchmarks can time each one).</summary>
    internal void Prepare(float[] x, int batch)
    {
        // Inside a job the products run on one core each: the step is what is shared.
        _core = (net.Kernels as ParallelDense)?.Core;
        (_x, _batch, _kernels) = (x, batch, _core is null ? net.Kernels : DenseBlocked.Instance);
        net.EnsureCapacity(batch);
    }

    /// <summary>The loss of the forward pass over the whole batch, on the caller; writes dLoss/dOutput.</summary>
    internal double Loss(ReadOnlySpan<float> targets)
    {
        var delta = net.OutputDelta(_batch);
        var value = loss.LossAndGradient(net.Output(_batch), targets, _batch, delta);
        Denormals.Flush(delta);
        return value;
    }

    internal void RunPhase(Phase phase)
    {
        _phase = phase;
        if (_core is not null)
        {
            _core.Run(this);
            return;
        }
        for (var chunk = 0; chunk < Chunks; chunk++)
            RunChunk(chunk);
    }

    public void RunChunk(int chunk)
    {
        var (r0, r1) = chunk == 0 ? (0, _batch / 2) : (_batch / 2, _batch);
        switch (_phase)
        {
            case Phase.Forward:
                net.ForwardRows(_kernels, _x, _batch, r0, r1);
                break;
            case Phase.Backward:
                net.BackwardDataRows(_kernels, _batch, r0, r1);
                break;
            default:
                Update(chunk);
                break;
        }
    }

    void Update(int chunk)
    {
        var parameters = net.Parameters;
        var scratch = _gradients[chunk];
        // An index loop: foreach over IReadOnlyList would box an enumerator every step.
        for (var l = 0; l < net.Layers.Count; l++)
        {
            var layer = net.Layers[l];
            var (r0, r1) = RowsOf(chunk, layer.Inputs);
            var dw = scratch.AsSpan(0, (r1 - r0) * layer.Outputs);
            dw.Clear();
            net.WeightGradientRows(_kernels, _x, _batch, l, r0, r1, dw);
            adam.Update(parameters, layer.WeightOffset + r0 * layer.Outputs, dw, _alpha);
            layer.SyncTransposed(parameters, net.TransposedWeights, r0, r1);
            if (chunk != 0)
                continue;
            var db = scratch.AsSpan(0, layer.Outputs);
            db.Clear();
            net.BiasGradient(_kernels, _batch, l, db);
            adam.Update(parameters, layer.BiasOffset, db, _alpha);
        }
    }

    static (int R0, int R1) RowsOf(int chunk, int rows) => (chunk * rows / UpdateChunks, (chunk + 1) * rows / UpdateChunks);

    // Each chunk's gradient lives in its own small buffer, used up by Adam while still in L1: the network's
    // gradient buffer would cost a round trip through L3 per step (465 KB for the seed network).
    static float[][] ChunkBuffers(Mlp net)
    {
        var length = net.Layers.Max(l => Math.Max(l.Outputs, (l.Inputs + UpdateChunks - 1) / UpdateChunks * l.Outputs));
        var buffers = new float[UpdateChunks][];
        for (var c = 0; c < UpdateChunks; c++)
            buffers[c] = new float[length];
        return buffers;
    }
}
