using System.Runtime.CompilerServices;
using NeuralIk.Engine.Model;

namespace NeuralIk.Tests.Support;

/// <summary>
/// The plain backward pass the fused training step is checked against, with its gradient buffer (laid out as the
/// parameters): test oracles, kept out of the engine.
/// </summary>
public static class PlainBackward
{
    static readonly ConditionalWeakTable<Mlp, float[]> Buffers = [];

    extension(Mlp net)
    {
        internal float[] Gradients => Buffers.GetValue(net, n => new float[n.ParameterCount]);

        internal void ZeroGradients() => Array.Clear(net.Gradients);

        /// <summary>
        /// Accumulates dLoss/dParameters into Gradients for the batch of the last Forward call (whose
        /// input is <paramref name="x"/>), given dLoss/dOutput.
        /// </summary>
        internal void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dOutput, int batch)
        {
            var passes = net.Passes;
            passes.Require(batch);
            dOutput[..(batch * net.OutputCount)].CopyTo(passes.OutputDelta(batch));
            passes.BeginBackward(batch);
            var layers = net.Layers;
            for (var l = layers.Count - 1; l >= 0; l--)
            {
                var layer = layers[l];
                for (var b = 0; b < layer.Bands.Count; b++)
                {
                    if (l < layers.Count - 1)
                        passes.DeltaRows(batch, l, b);
                    if (l > 0)
                        passes.BackwardData(net.Kernels, batch, l, b);
                    var (j0, j1) = layer.Bands[b];
                    passes.WeightGradient(net.Kernels, x, batch, l, b, 0, layer.Inputs,
                        layer.BandWeights(net.Gradients.AsSpan(), b));
                    passes.BiasGradient(net.Kernels, batch, l, b, net.Gradients.AsSpan(layer.BiasOffset + j0, j1 - j0));
                }
            }
        }
    }
}
