using NeuralIk.Engine.Losses;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Threading;

namespace NeuralIk.Engine.Training;

/// <summary>
/// The solver recipes' training loop: forward kinematics is free, so every epoch draws fresh samples;
/// the learning rate decays on a cosine from <see cref="SolverOptions.LearningRate"/> to
/// <see cref="SolverOptions.FinalLearningRate"/> so the last epochs polish rather than jitter. A fixed
/// validation set, the divergence guard, and Ctrl+C checkpoints (trainer and sample generator state)
/// work as in <see cref="Trainer.Fit"/>. The network is left on the single-core kernels.
/// </summary>
public static class FreshSampleLoop
{
    const int ValidationSamples = 4096;

    // Streams derived from the one seed: training samples ("PLVE" xored in), and the fixed validation set.
    const ulong SampleSalt = 0x50_4C_56_45UL;
    const ulong ValidationOffset = 1;

    /// <summary>
    /// Trains <paramref name="network"/> on rows from <paramref name="draw"/> ((count, generator) → that
    /// many fresh rows); <paramref name="model"/> wraps the network as it stands, for the best epoch of a
    /// run that diverged. Steps share <paramref name="secondCore"/> where given.
    /// </summary>
    public static TrainingOutcome Run(Mlp network, ILoss loss, int targetWidth, SolverOptions options,
        Func<int, Rng, SampleSet> draw, Func<IkModel> model, Func<EpochReport, bool>? onEpoch, ResumePoint? resume,
        SecondCore? secondCore)
    {
        var trainer = new Trainer(network,
            new TrainingOptions { Epochs = options.Epochs, BatchSize = options.BatchSize,
                LearningRate = options.LearningRate, Seed = options.Seed },
            loss, targetWidth, secondCore);
        var rng = resume?.Samples is { } samples ? Rng.FromState(samples) : new Rng(options.Seed ^ SampleSalt);
        if (resume is not null)
            trainer.Restore(resume.State);
        // A model the file cannot hold (or read back) is refused now, before the first epoch rather than after the
        // last: written and read once untrained.
        IkModel.Parse(model().Serialize(), "the model to be trained");
        var validation = draw(ValidationSamples, new Rng(options.Seed + ValidationOffset));
        return EpochLoop.Run(trainer, options.Epochs, _ => draw(options.SamplesPerEpoch, rng),
            () => trainer.Evaluate(validation), onEpoch, resume, epoch => Cosine(options, epoch), () => rng.State,
            model);
    }

    // From the first rate to the last along half a cosine: the last epochs polish rather than jitter.
    static float Cosine(SolverOptions options, int epoch)
    {
        var progress = (epoch - 1.0) / Math.Max(1, options.Epochs - 1);
        return (float)(options.FinalLearningRate
            + 0.5 * (options.LearningRate - options.FinalLearningRate) * (1 + Math.Cos(Math.PI * progress)));
    }
}
