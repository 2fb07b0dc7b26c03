using NeuralIk.Engine.Kinematics;
using SkiaSharp;

namespace NeuralIk.Cli.Pictures;

/// <summary>One point of a drawn path: the target and the pose reaching it, or null where none does.</summary>
public readonly record struct SweptPose(Point2 Target, double[]? Theta);

/// <summary>
/// The swept chain along a path: the chain drawn at evenly spaced points, coloured from blue (start) to
/// orange (end), the path as a thin line, points without a pose as red crosses.
/// </summary>
public static class TrajectoryRenderer
{
    public static void Write(string path, PlanarChain chain, IReadOnlyList<SweptPose> points, string caption,
        int poses = 24) =>
        ArmCanvas.Write(path, chain, caption, (canvas, view) =>
        {
            using var line = new SKPaint { Color = new SKColor(0x40, 0x40, 0x40), StrokeWidth = 1.5f,
                IsAntialias = true, Style = SKPaintStyle.Stroke };
            for (var i = 1; i < points.Count; i++)
                canvas.DrawLine(view.Map(points[i - 1].Target.X, points[i - 1].Target.Y),
                    view.Map(points[i].Target.X, points[i].Target.Y), line);
            var step = Math.Max(1, (points.Count - 1) / Math.Max(1, poses - 1));
            using var link = new SKPaint { StrokeWidth = 4, StrokeCap = SKStrokeCap.Round, IsAntialias = true,
                Style = SKPaintStyle.Stroke };
            for (var i = 0; i < points.Count; i += step)
            {
                if (points[i].Theta is not { } theta)
                    continue;
                link.Color = Colour((double)i / Math.Max(1, points.Count - 1));
                var p = PoseRenderer.Pixels(view, chain, theta);
                for (var j = 0; j + 1 < p.Length; j++)
                    canvas.DrawLine(p[j], p[j + 1], link);
            }
            using var cross = new SKPaint { Color = new SKColor(0xd0, 0x10, 0x10), StrokeWidth = 2,
                IsAntialias = true };
            foreach (var p in points.Where(p => p.Theta is null))
            {
                var at = view.Map(p.Target.X, p.Target.Y);
                canvas.DrawLine(at.X - 4, at.Y - 4, at.X + 4, at.Y + 4, cross);
                canvas.DrawLine(at.X - 4, at.Y + 4, at.X + 4, at.Y - 4, cross);
            }
        });

    // Time colour: blue at the start through purple to orange at the end.
    static SKColor Colour(double t) => new((byte)(0x1f + t * (0xf0 - 0x1f)), (byte)(0x5f + t * (0x8c - 0x5f)),
        (byte)(0xd0 - t * (0xd0 - 0x20)), 0xd0);
}
