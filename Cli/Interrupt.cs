using NeuralIk.Engine.Training;

namespace NeuralIk.Cli;

/// <summary>
/// Ctrl+C during training: the current epoch finishes, then a checkpoint is written and the run
/// stops with one line saying how to continue. A second Ctrl+C is left to the system (stops at once).
/// </summary>
public sealed class Interrupt : IDisposable
{
    readonly List<EpochReport> _history;
    volatile bool _requested;

    Interrupt(IEnumerable<EpochReport> earlier)
    {
        _history = [.. earlier];
        Console.CancelKeyPress += OnCancel;
    }

    public static Interrupt Watch(Checkpoint? resumed) => new(resumed?.History ?? []);

    /// <summary>Every epoch so far, resumed ones first.</summary>
    public IReadOnlyList<EpochReport> History => _history;

    void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        if (_requested)
            return;
        _requested = true;
        e.Cancel = true;
        Say.Info($"interrupt: finishing this epoch, then saving a checkpoint (Ctrl+C again to stop at once)");
    }

    /// <summary>The epoch callback for a training loop: records, reports, then says to stop if interrupted.</summary>
    public Func<EpochReport, bool> Around(Action<EpochReport> report) => r =>
    {
        _history.Add(r);
        report(r);
        return !_requested;
    };

    /// <summary>Writes the checkpoint of an interrupted run and returns the one-line failure to report.</summary>
    public CliException Save(ResumePoint stopped, TrainSettings settings)
    {
        Directory.CreateDirectory(settings.OutDir);
        var path = Path.Combine(settings.OutDir, Checkpoint.FileName);
        new Checkpoint(stopped, _history, settings.ToDictionary()).Save(path);
        return new CliException($"interrupted after epoch {stopped.EpochsDone}: checkpoint saved to {path}; continue " +
            $"with `neural-ik train --resume {settings.OutDir}`", ExitCodes.Failure);
    }

    /// <summary>
    /// A finished run leaves no checkpoint behind to be resumed by mistake; one from another run is reported.
    /// </summary>
    public static void Finished(TrainSettings settings, bool resumed)
    {
        var path = Path.Combine(settings.OutDir, Checkpoint.FileName);
        if (!File.Exists(path))
            return;
        File.Delete(path);
        if (!resumed)
            Say.Info($"removed {path}, the checkpoint of an earlier interrupted run: this run replaced it");
    }

    /// <summary>
    /// Holds the output folder for one training at a time (an exclusive lock on a file there, released when
    /// disposed or when the process ends); a second training into the same folder is refused.
    /// </summary>
    public static IDisposable Lock(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, ".neural-ik.lock");
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1,
                FileOptions.DeleteOnClose);
        }
        catch (IOException)
        {
            throw new CliException($"--out: {folder} is in use by another training (it holds {path})");
        }
    }

    public static Checkpoint Load(string folder)
    {
        var path = Path.Combine(folder, Checkpoint.FileName);
        if (!File.Exists(path))
            throw new CliException($"{path}: no checkpoint to resume (one is written when training is interrupted " +
                $"with Ctrl+C)");
        return Checkpoint.Load(path);
    }

    public void Dispose() => Console.CancelKeyPress -= OnCancel;
}
