using System.Diagnostics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Tensors;

namespace NeuralIk.Engine.Training;

/// <summary>Where a resumed run starts: after <see cref="EpochsDone"/> epochs, in this state.</summary>
public sealed record ResumePoint(int EpochsDone, TrainerState State, ulong[]? Samples);

/// <summary>
/// How a training run ended: every epoch it ran, and where to resume when the epoch callback asked it to stop
/// early (Ctrl+C): the trainer's state, the sample generator's and the epochs done. Null when it ran to the end.
/// </summary>
public sealed record TrainingOutcome(IReadOnlyList<EpochReport> History, ResumePoint? StoppedAt);

/// <summary>
/// The one epoch loop of every recipe (the seed's fixed set, the solvers' fresh samples): per epoch the learning
/// rate its schedule gives, the rows it trains on, one pass, the validation loss, the report to the callback — which
/// says whether to go on — and the divergence guard, which stops a run whose loss or weights stop being finite with
/// the network at its best epoch (<see cref="TrainingDivergedException"/>, with that model where the recipe can make
/// one). The network's kernels go back to one core when it returns or throws.
/// </summary>
public static class EpochLoop
{
    /// <param name="trainer">
    /// The trainer, restored to <paramref name="resume"/> by the caller where there is one.
    /// </param>
    /// <param name="epochs">The last epoch's number.</param>
    /// <param name="rows">The rows of an epoch (by number): the same set, or freshly drawn.</param>
    /// <param name="validate">The validation loss of the network as it stands.</param>
    /// <param name="onEpoch">
    /// Each epoch's report; false stops the run after that epoch, leaving where to resume.
    /// </param>
    /// <param name="resume">Where a resumed run starts (its epochs done), or null.</param>
    /// <param name="learningRate">The rate of an epoch (by number), for a schedule; null keeps the trainer's.</param>
    /// <param name="samplerState">The sample generator's state after an epoch, for a resume to draw the same rows.
    /// </param>
    /// <param name="bestModel">The model as the network stands, for a run that diverged.</param>
    public static TrainingOutcome Run(Trainer trainer, int epochs, Func<int, SampleSet> rows, Func<double> validate,
        Func<EpochReport, bool>? onEpoch, ResumePoint? resume, Func<int, float>? learningRate = null,
        Func<ulong[]?>? samplerState = null, Func<IkModel>? bestModel = null)
    {
        var history = new List<EpochReport>(epochs);
        var guard = new DivergenceGuard(trainer.Network);
        try
        {
            for (var epoch = (resume?.EpochsDone ?? 0) + 1; epoch <= epochs; epoch++)
            {
                if (learningRate is not null)
                    trainer.LearningRate = learningRate(epoch);
                var data = rows(epoch);
                var clock = Stopwatch.StartNew();
                var loss = trainer.TrainEpoch(data);
                var seconds = clock.Elapsed.TotalSeconds;
                var report = new EpochReport(epoch, loss, validate(), seconds);
                history.Add(report);
                if (onEpoch?.Invoke(report) == false)
                    return new TrainingOutcome(history,
                        new ResumePoint(epoch, trainer.Capture(), samplerState?.Invoke()));
                Guard(guard, report, history, bestModel);
            }
            return new TrainingOutcome(history, null);
        }
        finally
        {
            trainer.Network.Kernels = DenseBlocked.Instance;
        }
    }

    // A diverged run is reset to its best epoch; the exception carries that epoch's model where there is one.
    static void Guard(DivergenceGuard guard, EpochReport report, List<EpochReport> history, Func<IkModel>? model)
    {
        try
        {
            guard.After(report);
        }
        catch (TrainingDivergedException e) when (e.BestEpoch is not null && model is not null)
        {
            throw new TrainingDivergedException(e.Epoch, e.BestEpoch,
                history.First(h => h.Epoch == e.BestEpoch).ValidationLoss) { BestModel = model() };
        }
    }
}
