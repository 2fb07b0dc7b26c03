using NeuralIk.Engine.IO;
using NeuralIk.Engine.Kinematics;
using SkiaSharp;

namespace NeuralIk.Cli.Pictures;

/// <summary>
/// The drawing area every arm picture shares: a white square with the chain's grid and reach circles
/// (the workspace without limits), a caption line above it, rendered in memory and written atomically as PNG.
/// </summary>
public static class ArmCanvas
{
    public const int Size = 640;
    public const int Top = 48;

    /// <summary>
    /// World (arm units, y up) to pixels, the reach circle filling the square below the caption with a margin.
    /// </summary>
    public readonly struct View(double reach)
    {
        public double Scale { get; } = (Size / 2.0 - 24) / (reach * 1.05);

        public SKPoint Map(double x, double y) => new((float)(Size / 2.0 + x * Scale),
            (float)(Top + Size / 2.0 - y * Scale));
    }

    public static void Write(string path, PlanarChain chain, string caption, Action<SKCanvas, View> draw)
    {
        using var surface = SKSurface.Create(new SKImageInfo(Size, Size + Top));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        var view = new View(chain.Reach);
        DrawGrid(canvas, view, chain.Reach, chain.InnerRadius);
        draw(canvas, view);
        using var font = new SKFont(SKTypeface.Default, 17);
        using var text = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        canvas.DrawText(caption, 14, 30, SKTextAlign.Left, font, text);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.WriteAllBytes(path, png.AsSpan());
    }

    static void DrawGrid(SKCanvas canvas, View view, double reach, double inner)
    {
        using var grid = new SKPaint { Color = new SKColor(0xe4, 0xe4, 0xe4), StrokeWidth = 1, IsAntialias = true,
            Style = SKPaintStyle.Stroke };
        var step = Math.Pow(10, Math.Floor(Math.Log10(reach)));
        for (var v = -Math.Ceiling(reach / step) * step; v <= reach * 1.05; v += step / 2)
        {
            canvas.DrawLine(view.Map(v, -reach * 1.05), view.Map(v, reach * 1.05), grid);
            canvas.DrawLine(view.Map(-reach * 1.05, v), view.Map(reach * 1.05, v), grid);
        }
        using var dashed = new SKPaint
        {
            Color = new SKColor(0x60, 0x60, 0x60), StrokeWidth = 1.5f, IsAntialias = true, Style = SKPaintStyle.Stroke,
            PathEffect = SKPathEffect.CreateDash([8, 6], 0),
        };
        canvas.DrawCircle(view.Map(0, 0), (float)(reach * view.Scale), dashed);
        if (inner > 1e-9)
            canvas.DrawCircle(view.Map(0, 0), (float)(inner * view.Scale), dashed);
    }
}
