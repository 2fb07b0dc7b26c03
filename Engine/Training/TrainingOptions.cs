namespace NeuralIk.Engine.Training;

/// <summary>How to train: the seed notebook's values are the defaults.</summary>
public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 200;
    public int BatchSize { get; init; } = 32;
    public float LearningRate { get; init; } = 1e-3f;
    public ulong Seed { get; init; } = 42;

    public void Validate()
    {
        if (Epochs <= 0)
            throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "epochs must be positive");
        if (BatchSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "batch size must be positive");
        if (!(LearningRate > 0f) || !float.IsFinite(LearningRate))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate,
                "learning rate must be a positive finite number");
    }
}

/// <summary>
/// One epoch's figures: mean training loss over its batches, validation loss after it, seconds spent training.
/// </summary>
public readonly record struct EpochReport(int Epoch, double TrainLoss, double ValidationLoss, double Seconds);
