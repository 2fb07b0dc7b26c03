using System.Globalization;
using NeuralIk.Engine.Training;
using Spectre.Console;

namespace NeuralIk.Cli;

/// <summary>
/// Training progress: a Spectre progress bar on a terminal; one plain line per epoch on stderr when
/// output is redirected (Spectre's Progress prints nothing then). Lines are thinned to about 20
/// per run so a 200-epoch log stays readable; the first and last epochs always print.
/// </summary>
public sealed class EpochProgress
{
    readonly int _epochs;
    readonly int _every;

    public EpochProgress(int epochs)
    {
        _epochs = epochs;
        _every = Math.Max(1, epochs / 20);
    }

    /// <summary>Runs <paramref name="train"/>, giving it a callback to report each epoch.</summary>
    public T Run<T>(Func<Action<EpochReport>, T> train)
    {
        if (!Say.Interactive)
            return train(PrintLine);
        return AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("training", maxValue: _epochs);
                return train(r =>
                {
                    task.Description = string.Create(CultureInfo.InvariantCulture,
                        $"epoch {r.Epoch}/{_epochs}  train {r.TrainLoss:G4}  val {r.ValidationLoss:G4}");
                    task.Value = r.Epoch;
                    if (r.Epoch % _every == 0 || r.Epoch == 1 || r.Epoch == _epochs)
                        AnsiConsole.MarkupLine(Markup.Escape(Line(r)));
                });
            });
    }

    void PrintLine(EpochReport r)
    {
        if (r.Epoch % _every == 0 || r.Epoch == 1 || r.Epoch == _epochs)
            System.Console.Error.WriteLine(Line(r));
    }

    string Line(EpochReport r) => string.Create(CultureInfo.InvariantCulture,
        $"epoch {r.Epoch,4}/{_epochs}  train {r.TrainLoss:G4}  val {r.ValidationLoss:G4}  {r.Seconds * 1000:F0} ms");
}
