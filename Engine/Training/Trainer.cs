using System.Diagnostics;
using NeuralIk.Engine.Losses;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Optimizers;

namespace NeuralIk.Engine.Training;

/// <summary>Mini-batch training with MSE and Adam, shuffled every epoch from a seeded generator.</summary>
public sealed class Trainer
{
    readonly Mlp _net;
    readonly TrainingOptions _options;
    readonly Adam _adam;
    readonly Rng _shuffle;

    public Trainer(Mlp net, TrainingOptions options)
    {
        options.Validate();
        _net = net;
        _options = options;
        _adam = new Adam(net.Parameters.Length, options.LearningRate);
        _shuffle = new Rng(options.Seed ^ 0x5DEECE66DUL);
        net.InitializeGlorot(new Rng(options.Seed));
    }

    public Mlp Network => _net;

    /// <summary>Trains for the configured epochs, reporting each one; returns the per-epoch history.</summary>
    public IReadOnlyList<EpochReport> Fit(SampleSet train, SampleSet validation, Action<EpochReport>? onEpoch = null,
        CancellationToken cancel = default)
    {
        var history = new List<EpochReport>(_options.Epochs);
        var order = Enumerable.Range(0, train.Count).ToArray();
        var batch = _options.BatchSize;
        var x = new float[batch * train.InputCount];
        var y = new float[batch * train.OutputCount];
        var dOut = new float[batch * train.OutputCount];
        for (var epoch = 1; epoch <= _options.Epochs; epoch++)
        {
            cancel.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            _shuffle.Shuffle(order.AsSpan());
            var lossSum = 0.0;
            for (var start = 0; start < train.Count; start += batch)
            {
                var rows = Math.Min(batch, train.Count - start);
                lossSum += Step(train, order.AsSpan(start, rows), x, y, dOut) * rows;
            }
            var seconds = clock.Elapsed.TotalSeconds;
            var report = new EpochReport(epoch, lossSum / train.Count, Evaluate(_net, validation), seconds);
            history.Add(report);
            onEpoch?.Invoke(report);
        }
        return history;
    }

    /// <summary>One optimizer step on the given rows; returns the batch loss before the step.</summary>
    public double Step(SampleSet data, ReadOnlySpan<int> rows, Span<float> x, Span<float> y, Span<float> dOut)
    {
        var n = rows.Length;
        var xs = x[..(n * data.InputCount)];
        var ys = y[..(n * data.OutputCount)];
        var grad = dOut[..(n * data.OutputCount)];
        data.Gather(rows, xs, ys);
        var output = _net.Forward(xs, n);
        var loss = Mse.LossAndGradient(output, ys, grad);
        _net.ZeroGradients();
        _net.Backward(xs, grad, n);
        _adam.Step(_net.Parameters, _net.Gradients);
        _net.ParametersChanged();
        return loss;
    }

    /// <summary>MSE of the network over a whole set, in batches of 256.</summary>
    public static double Evaluate(Mlp net, SampleSet data)
    {
        const int batch = 256;
        var sum = 0.0;
        for (var start = 0; start < data.Count; start += batch)
        {
            var rows = Math.Min(batch, data.Count - start);
            var output = net.Forward(data.Inputs.AsSpan(start * data.InputCount, rows * data.InputCount), rows);
            sum += Mse.Loss(output, data.Targets.AsSpan(start * data.OutputCount, rows * data.OutputCount)) * rows;
        }
        return data.Count == 0 ? double.NaN : sum / data.Count;
    }
}
