namespace NeuralIk.Engine.Training;

/// <summary>
/// Thrown from an epoch callback to stop training at an epoch boundary (Ctrl+C). The training loop it
/// passes through fills in what is needed to continue bit for bit: the trainer's state, the sample
/// generator's state (when the recipe draws fresh data) and the number of finished epochs.
/// </summary>
public sealed class TrainingInterruptedException : Exception
{
    public TrainingInterruptedException() : base("training interrupted") { }
    public TrainingInterruptedException(string message) : base(message) { }
    public TrainingInterruptedException(string message, Exception inner) : base(message, inner) { }

    public TrainerState? State { get; set; }
    public ulong[]? Samples { get; set; }
    public int EpochsDone { get; set; }
}

/// <summary>Where a resumed run starts: after <see cref="EpochsDone"/> epochs, in this state.</summary>
public sealed record ResumePoint(int EpochsDone, TrainerState State, ulong[]? Samples);
