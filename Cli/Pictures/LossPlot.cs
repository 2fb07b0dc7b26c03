using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace NeuralIk.Cli.Pictures;

/// <summary>
/// Training and validation loss per epoch on a log scale. ScottPlot 5 has no log axis: the curves
/// are log10(loss), with decade ticks labelled as powers of ten and log-spaced minor ticks.
/// </summary>
public static class LossPlot
{
    public static void Write(string path, IReadOnlyList<double> train, IReadOnlyList<double> validation, double? test,
        string title)
    {
        var plot = new Plot();
        var epochs = Enumerable.Range(1, train.Count).Select(e => (double)e).ToArray();
        var trainLine = plot.Add.ScatterLine(epochs, [.. train.Select(Math.Log10)]);
        trainLine.LegendText = "train";
        trainLine.LineWidth = 2;
        var validationLine = plot.Add.ScatterLine(epochs, [.. validation.Select(Math.Log10)]);
        validationLine.LegendText = "validation";
        validationLine.LineWidth = 2;
        if (test is { } t)
        {
            var line = plot.Add.HorizontalLine(Math.Log10(t));
            line.LinePattern = LinePattern.Dashed;
            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"test {t:G3}");
        }
        var logs = train.Concat(validation).Select(Math.Log10).Where(double.IsFinite).ToArray();
        var decades = logs.Length == 0 ? 0 : logs.Max() - logs.Min();
        // Decade ticks with log-spaced minor ticks need a decade to show; below that, plain ticks in loss units.
        plot.Axes.Left.TickGenerator = new NumericAutomatic
        {
            MinorTickGenerator = decades >= 1 ? new LogMinorTickGenerator() : new EvenlySpacedMinorTickGenerator(5),
            IntegerTicksOnly = decades >= 1,
            LabelFormatter = v => Math.Pow(10, v).ToString("G3", CultureInfo.InvariantCulture),
        };
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel("MSE loss (log scale)");
        plot.ShowLegend(Alignment.UpperRight);
        Png.Save(plot, path, 900, 550);
    }
}
