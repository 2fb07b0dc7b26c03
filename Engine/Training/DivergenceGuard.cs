using NeuralIk.Engine.Model;

namespace NeuralIk.Engine.Training;

/// <summary>Training stopped because a loss or a weight stopped being a finite number.</summary>
public sealed class TrainingDivergedException : Exception
{
    public TrainingDivergedException(int epoch, int? bestEpoch, double bestValidationLoss)
        : base(bestEpoch is { } best
            ? $"training diverged at epoch {epoch} (a loss or weight became NaN or infinite); the network was reset " +
                $"to epoch {best} (validation loss {bestValidationLoss:G4}), the best so far"
            : $"training diverged at epoch {epoch} (a loss or weight became NaN or infinite) before any epoch " +
                $"finished cleanly; try a lower learning rate")
    {
        Epoch = epoch;
        BestEpoch = bestEpoch;
    }

    public int Epoch { get; }
    /// <summary>The epoch whose parameters the network now holds, or null when none finished cleanly.</summary>
    public int? BestEpoch { get; }

    /// <summary>The model at <see cref="BestEpoch"/>, where the recipe that threw can build one.</summary>
    public IkModel? BestModel { get; init; }
}

/// <summary>
/// Watches every epoch: keeps a copy of the parameters with the best validation loss, and on a
/// non-finite loss or weight puts that copy back and throws. So a run that blows up (say `--lr 10`)
/// is caught within the epoch it happened in and still leaves its best network behind.
/// </summary>
public sealed class DivergenceGuard(Mlp net)
{
    float[]? _best;
    double _bestLoss = double.PositiveInfinity;
    int _bestEpoch;

    public void After(EpochReport report)
    {
        if (!double.IsFinite(report.TrainLoss) || !double.IsFinite(report.ValidationLoss) || !AllFinite(net.Parameters))
        {
            if (_best is not null)
                _best.CopyTo(net.Parameters);
            throw new TrainingDivergedException(report.Epoch, _best is null ? null : _bestEpoch, _bestLoss);
        }
        if (report.ValidationLoss < _bestLoss)
        {
            _best ??= new float[net.Parameters.Length];
            net.Parameters.CopyTo(_best);
            (_bestLoss, _bestEpoch) = (report.ValidationLoss, report.Epoch);
        }
    }

    static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (var v in values)
        {
            if (!float.IsFinite(v))
                return false;
        }
        return true;
    }
}
