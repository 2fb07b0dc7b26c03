using System.Globalization;
using NeuralIk.Engine.Kinematics;
using ScottPlot;

namespace NeuralIk.Cli.Pictures;

/// <summary>Where the samples put the end effector, with the reachable annulus drawn.</summary>
public static class WorkspacePlot
{
    public static void Write(string path, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Arm arm)
    {
        var plot = new Plot();
        var xs = x.ToArray().Select(v => (double)v).ToArray();
        var ys = y.ToArray().Select(v => (double)v).ToArray();
        var points = plot.Add.ScatterPoints(xs, ys);
        points.MarkerSize = 2;
        points.Color = Colors.SteelBlue.WithAlpha(0.5);
        AddCircle(plot, arm.Reach, $"reach {arm.Reach:G3}");
        if (arm.InnerRadius > 1e-9)
            AddCircle(plot, arm.InnerRadius, $"inner radius {arm.InnerRadius:G3}");
        plot.Title(string.Create(CultureInfo.InvariantCulture, $"Workspace: {x.Length:N0} samples"));
        plot.XLabel("x");
        plot.YLabel("y");
        plot.Axes.SquareUnits();
        plot.ShowLegend(Alignment.UpperRight);
        Png.Save(plot, path, 700, 700);
    }

    static void AddCircle(Plot plot, double radius, string label)
    {
        var circle = plot.Add.Circle(0, 0, radius);
        circle.LineColor = Colors.Black;
        circle.LinePattern = LinePattern.Dashed;
        circle.LegendText = string.Create(CultureInfo.InvariantCulture, $"{label}");
    }
}
