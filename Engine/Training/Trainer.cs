using NeuralIk.Engine.Losses;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Optimizers;
using NeuralIk.Engine.Threading;

namespace NeuralIk.Engine.Training;

/// <summary>Mini-batch training with MSE and Adam, shuffled every epoch from a seeded generator.</summary>
public sealed class Trainer
{
    // The shuffle's stream, apart from the initialisation's (which takes the seed as it is).
    const ulong ShuffleSalt = 0x5DEECE66DUL;
    readonly Mlp _net;
    readonly TrainingOptions _options;
    readonly Adam _adam;
    readonly TrainingStep _step;
    Rng _shuffle;
    readonly float[] _x;
    readonly float[] _y;
    readonly float[] _dOut;
    readonly ILoss _loss;
    int[] _order = [];

    /// <summary>
    /// A trainer with plain MSE between the output and targets of the same width (the seed); steps share
    /// <paramref name="secondCore"/> where given (<see cref="TrainingStep"/>).
    /// </summary>
    public Trainer(Mlp net, TrainingOptions options, SecondCore? secondCore = null)
        : this(net, options, MseLoss.Instance, net.OutputCount, secondCore)
    {
    }

    /// <summary>A trainer for any loss; each target row holds <paramref name="targetWidth"/> values.</summary>
    public Trainer(Mlp net, TrainingOptions options, ILoss loss, int targetWidth, SecondCore? secondCore = null)
    {
        options.Validate();
        _net = net;
        _options = options;
        _loss = loss;
        _adam = new Adam(net.Parameters.Length, options.LearningRate);
        _step = new TrainingStep(net, _adam, loss, secondCore);
        _shuffle = new Rng(options.Seed ^ ShuffleSalt);
        _x = new float[options.BatchSize * net.InputCount];
        _y = new float[options.BatchSize * targetWidth];
        _dOut = new float[options.BatchSize * net.OutputCount];
        net.InitializeGlorot(new Rng(options.Seed));
    }

    public Mlp Network => _net;

    /// <summary>
    /// The share of steps so far that ran on two cores, given a second core (<see cref="CoreChoice"/>); NaN
    /// otherwise or before the first step.
    /// </summary>
    public double TwoCoreShare => _step.Choice.Counts is var (two, all) && all > 0 ? (double)two / all : double.NaN;

    /// <summary>The step's phases, for benchmarks that time each one.</summary>
    internal TrainingStep Steps => _step;

    /// <summary>
    /// Everything that decides the next steps: parameters, Adam's moments and steps, the shuffle generator and order.
    /// </summary>
    public TrainerState Capture() => new(Reordered(_net.Parameters, true), Reordered(_adam.FirstMoment, true),
        Reordered(_adam.SecondMoment, true), _adam.StepCount, _shuffle.State, _order.ToArray());

    // The state holds the parameters and moments in plain order, so a checkpoint does not depend on the bands.
    float[] Reordered(ReadOnlySpan<float> values, bool toPlain)
    {
        var reordered = new float[values.Length];
        _net.Reorder(values, reordered, toPlain);
        return reordered;
    }

    /// <summary>Continues exactly where <see cref="Capture"/> left off.</summary>
    public void Restore(TrainerState state)
    {
        if (state.Parameters.Length != _net.Parameters.Length)
            throw new ArgumentException($"checkpoint holds {state.Parameters.Length} parameters, the network has " +
                $"{_net.Parameters.Length}");
        _net.Reorder(state.Parameters, _net.Parameters, toPlain: false);
        _adam.Restore(Reordered(state.AdamM, false), Reordered(state.AdamV, false), state.AdamSteps);
        _shuffle = Rng.FromState(state.Shuffle);
        _order = state.Order.ToArray();
    }

    /// <summary>Adam's learning rate from the next step on (for schedules).</summary>
    public float LearningRate
    {
        get => _adam.LearningRate;
        set => _adam.LearningRate = value;
    }

    /// <summary>
    /// Trains on a fixed set for the configured epochs (<see cref="EpochLoop"/>), reporting each one; the
    /// validation loss is the network's MSE. Throws <see cref="TrainingDivergedException"/> (network reset to its
    /// best epoch) if training blows up.
    /// </summary>
    public TrainingOutcome Fit(SampleSet train, SampleSet validation, Func<EpochReport, bool>? onEpoch = null,
        ResumePoint? resume = null, Func<Model.IkModel>? bestModel = null)
    {
        if (resume is not null)
            Restore(resume.State);
        return EpochLoop.Run(this, _options.Epochs, _ => train, () => Evaluate(_net, validation), onEpoch, resume,
            bestModel: bestModel);
    }

    /// <summary>
    /// One pass over the shuffled training set; returns the mean of the batch losses weighted by batch size.
    /// </summary>
    public double TrainEpoch(SampleSet train)
    {
        if (_order.Length != train.Count)
            _order = [.. Enumerable.Range(0, train.Count)];
        _shuffle.Shuffle(_order.AsSpan());
        var batch = _options.BatchSize;
        var lossSum = 0.0;
        for (var start = 0; start < train.Count; start += batch)
        {
            var rows = Math.Min(batch, train.Count - start);
            lossSum += Step(train, _order.AsSpan(start, rows)) * rows;
        }
        return lossSum / train.Count;
    }

    /// <summary>
    /// One optimizer step on the given rows (at most a batch); returns the batch loss before the step.
    /// </summary>
    public double Step(SampleSet data, ReadOnlySpan<int> rows)
    {
        var n = rows.Length;
        if (n > _options.BatchSize)
            throw new ArgumentException($"a step takes at most {_options.BatchSize} rows, got {n}", nameof(rows));
        var xs = _x.AsSpan(0, n * data.InputCount);
        var ys = _y.AsSpan(0, n * data.OutputCount);
        data.Gather(rows, xs, ys);
        return _step.Run(_x, _y, n);
    }

    /// <summary>This trainer's loss over a whole set, in batches of at most one training batch.</summary>
    public double Evaluate(SampleSet data) => Mean(_net, data, _options.BatchSize, (output, targets, rows) =>
        _loss.LossAndGradient(output, targets, rows, _dOut.AsSpan(0, rows * _net.OutputCount)));

    /// <summary>MSE of the network over a whole set, in batches of 256.</summary>
    public static double Evaluate(Mlp net, SampleSet data) =>
        Mean(net, data, 256, (output, targets, _) => Mse.Loss(output, targets));

    delegate double BatchLoss(ReadOnlySpan<float> output, ReadOnlySpan<float> targets, int rows);

    // The loss over a whole set: each batch's weighted by its rows.
    static double Mean(Mlp net, SampleSet data, int batch, BatchLoss loss)
    {
        var sum = 0.0;
        for (var start = 0; start < data.Count; start += batch)
        {
            var rows = Math.Min(batch, data.Count - start);
            var output = net.Forward(data.Inputs.AsSpan(start * data.InputCount, rows * data.InputCount), rows);
            sum += loss(output, data.Targets.AsSpan(start * data.OutputCount, rows * data.OutputCount), rows) * rows;
        }
        return data.Count == 0 ? double.NaN : sum / data.Count;
    }
}
