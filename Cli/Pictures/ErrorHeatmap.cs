using System.Globalization;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Solving;
using ScottPlot;

namespace NeuralIk.Cli.Pictures;

/// <summary>
/// The raw network's position error over a grid of the workspace for one branch, as log10 of the
/// miss in arm units (unreachable cells left blank), with the reach circles drawn: where the model is weak.
/// </summary>
public static class ErrorHeatmap
{
    public static void Write(string path, IkSolver solver, Elbow elbow, int cells = 161)
    {
        var arm = solver.Planar.Base;
        Span<double> guess = stackalloc double[2];
        var extent = arm.Reach * 1.05;
        var grid = new double[cells, cells];
        for (var row = 0; row < cells; row++)
        {
            var y = extent - 2 * extent * row / (cells - 1);
            for (var col = 0; col < cells; col++)
            {
                var x = -extent + 2 * extent * col / (cells - 1);
                var target = new Point2(x, y);
                if (!AnalyticIk.Solve(arm, x, y).Reachable)
                {
                    grid[row, col] = double.NaN;
                    continue;
                }
                solver.Guess(new Pose2(x, y, 0), elbow, [], guess);
                grid[row, col] = Math.Log10(Math.Max(arm.Forward(guess[0], guess[1]).DistanceTo(target), 1e-12));
            }
        }
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(grid);
        heatmap.Extent = new CoordinateRect(-extent, extent, -extent, extent);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.NaNCellColor = Colors.Transparent;
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = "log10 position error (arm units)";
        foreach (var radius in new[] { arm.Reach, arm.InnerRadius }.Where(r => r > 1e-9))
        {
            var circle = plot.Add.Circle(0, 0, radius);
            circle.LineColor = Colors.Black;
            circle.LinePattern = LinePattern.Dashed;
        }
        plot.Title(string.Create(CultureInfo.InvariantCulture,
            $"Raw network error, elbow {(elbow == Elbow.Up ? "up" : "down")} (before refinement)"));
        plot.XLabel("x");
        plot.YLabel("y");
        plot.Axes.SquareUnits();
        Png.Save(plot, path, 760, 680);
    }
}
