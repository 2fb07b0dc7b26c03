namespace NeuralIk.Engine.Training;

/// <summary>A trainer between two steps: enough to continue bit for bit (see <see cref="Trainer.Capture"/>).</summary>
public sealed record TrainerState(float[] Parameters, float[] AdamM, float[] AdamV, long AdamSteps, ulong[] Shuffle,
    int[] Order);
