using NeuralIk.Engine.Model;
using NeuralIk.Engine.Training;

namespace NeuralIk.Cli;

/// <summary>A run that blew up: save the best network it had, then fail with one line (exit 1).</summary>
public static class Diverged
{
    public static CliException SaveBest(TrainingDivergedException e, IkModel? best, string outDir)
    {
        // The engine's message names no command-line flag; the one to turn is named here.
        if (best is null)
            return new CliException(e.Message + " (--lr); no model was saved", ExitCodes.Failure);
        Directory.CreateDirectory(outDir);
        var path = TrainingFiles.ModelPath(outDir);
        best.Save(path);
        return new CliException($"{e.Message}; that model was saved to {path}", ExitCodes.Failure);
    }
}
