using System.Globalization;
using NeuralIk.Engine.IO;
using NeuralIk.Engine.Training;

namespace NeuralIk.Cli;

/// <summary>Where a training run writes in its output folder: the model file and the loss history.</summary>
public static class TrainingFiles
{
    public static string ModelPath(string outDir) => Path.Combine(outDir, "model.safetensors");

    public static void WriteHistory(string path, IReadOnlyList<EpochReport> history) =>
        AtomicFile.WriteAllText(path, "epoch,train_loss,validation_loss,seconds\n" + string.Concat(history.Select(h =>
            string.Create(CultureInfo.InvariantCulture,
                $"{h.Epoch},{h.TrainLoss:R},{h.ValidationLoss:R},{h.Seconds:R}\n"))));
}
