using NeuralIk.Engine.IO;
using ScottPlot;

namespace NeuralIk.Cli.Pictures;

/// <summary>Every picture is rendered in memory and written atomically.</summary>
public static class Png
{
    public static void Save(Plot plot, string path, int width, int height) =>
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(width, height, ImageFormat.Png));
}
