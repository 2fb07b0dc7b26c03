using NeuralIk.Engine.Model;
using NeuralIk.Engine.Optimizers;
using NeuralIk.Engine.Threading;

namespace NeuralIk.Engine.Training;

/// <summary>
/// One Adam step fused with the refresh of the transposed weights, cut into chunks by weight rows:
/// chunk c updates rows [r0, r1) of every W and at once copies them into Wt while they are in L1.
/// Chunk 0 also takes the biases. Elementwise, so the chunks give the same bits on one core or two.
/// </summary>
public sealed class ParameterUpdate(Mlp net, Adam adam) : IChunkedJob
{
    float _alpha;

    public int Chunks => 8;

    public void Apply(SecondCore? core)
    {
        _alpha = adam.BeginStep();
        if (core is not null)
        {
            core.Run(this);
            return;
        }
        for (var chunk = 0; chunk < Chunks; chunk++)
            RunChunk(chunk);
    }

    public void RunChunk(int chunk)
    {
        // An index loop: foreach over IReadOnlyList would box an enumerator every step.
        for (var l = 0; l < net.Layers.Count; l++)
        {
            var layer = net.Layers[l];
            var (r0, r1) = (chunk * layer.Inputs / Chunks, (chunk + 1) * layer.Inputs / Chunks);
            adam.Update(net.Parameters, net.Gradients, layer.WeightOffset + r0 * layer.Outputs, (r1 - r0) * layer.Outputs, _alpha);
            layer.SyncTransposed(net.Parameters, net.TransposedWeights, r0, r1);
            if (chunk == 0)
                adam.Update(net.Parameters, net.Gradients, layer.BiasOffset, layer.Outputs, _alpha);
        }
    }
}
