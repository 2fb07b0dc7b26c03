using NeuralIk.Engine.IO;
using NeuralIk.Engine.Kinematics;
using SkiaSharp;

namespace NeuralIk.Cli.Pictures;

/// <summary>
/// A spatial arm drawn with SkiaSharp in three views: a perspective view (camera from the front-right, above)
/// on the left, the top view (x right, y up) and the side view (x right, z up) on the right. Each answer is
/// one colour (links as lines through the joints' origins, joints as dots, faint when it failed); the target
/// frame's axes are red (x), green (y) and blue (z); a followed path is a thin dark line; the floor z = 0 is a
/// grid; a caption on top.
/// </summary>
public static class SpatialRenderer
{
    const int Big = 640;
    const int Small = Big / 2;
    const int Top = ArmCanvas.Top;

    /// <summary>A view: a world point (m) to pixels in its panel.</summary>
    delegate SKPoint Projection(Vec3 p);

    public static void Write(string path, IChain chain, IReadOnlyList<DrawnPose> poses, Frame target,
        bool orientation, string caption, IReadOnlyList<Vec3>? followed = null)
    {
        using var surface = SKSurface.Create(new SKImageInfo(Big + Small, Big + Top));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        var reach = chain.Reach;
        // Drawn from the arm's base: a calibrated arm's instrument may stand metres away.
        var unmount = chain is SpatialChain arm ? arm.Mount.Inverse : Frame.Identity;
        (target, followed) = (unmount * target, followed?.Select(unmount.Apply).ToList());
        Projection[] views =
        [
            Perspective(reach, new SKRect(0, Top, Big, Top + Big)),
            Orthographic(reach, new SKRect(Big, Top, Big + Small, Top + Small), p => (p.X, p.Y)),
            Orthographic(reach, new SKRect(Big, Top + Small, Big + Small, Top + Big), p => (p.X, p.Z)),
        ];
        using var frame = new SKPaint { Color = new SKColor(0xb0, 0xb0, 0xb0), Style = SKPaintStyle.Stroke };
        canvas.DrawRect(new SKRect(Big, Top, Big + Small - 1, Top + Small), frame);
        canvas.DrawRect(new SKRect(Big, Top + Small, Big + Small - 1, Top + Big - 1), frame);
        Span<Vec3> points = stackalloc Vec3[chain.Count + 2];
        foreach (var view in views)
        {
            Floor(canvas, view, reach);
            Path(canvas, view, followed ?? []);
            foreach (var pose in poses)
            {
                chain.Points(pose.Theta, points);
                for (var i = 0; i < points.Length; i++)
                    points[i] = unmount.Apply(points[i]);
                Arm(canvas, view, points, pose.Colour ?? PoseRenderer.FirstLink, pose.Faint);
            }
            Axes(canvas, view, target, 0.15 * reach, orientation);
        }
        using var font = new SKFont(SKTypeface.Default, 17);
        using var small = new SKFont(SKTypeface.Default, 13);
        using var text = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        canvas.DrawText(caption, 14, 30, SKTextAlign.Left, font, text);
        canvas.DrawText("top (x, y)", Big + 8, Top + 18, SKTextAlign.Left, small, text);
        canvas.DrawText("side (x, z)", Big + 8, Top + Small + 18, SKTextAlign.Left, small, text);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.WriteAllBytes(path, png.AsSpan());
    }

    // A camera 4 reaches away, 40° round from the x axis and 25° up, looking at a third of the reach above the base.
    static Projection Perspective(double reach, SKRect panel)
    {
        var (azimuth, elevation) = (-40 * Math.PI / 180, 25 * Math.PI / 180);
        var back = new Vec3(Math.Cos(elevation) * Math.Cos(azimuth), Math.Cos(elevation) * Math.Sin(azimuth),
            Math.Sin(elevation));
        var right = new Vec3(0, 0, 1).Cross(back);
        right = (1 / right.Length) * right;
        var up = back.Cross(right);
        var centre = new Vec3(0, 0, reach / 3);
        var focal = panel.Width * 1.9;
        return p =>
        {
            var d = p - centre;
            var depth = 4 * reach - d.Dot(back);
            return new SKPoint((float)(panel.MidX + focal * d.Dot(right) / depth),
                (float)(panel.MidY - focal * d.Dot(up) / depth));
        };
    }

    static Projection Orthographic(double reach, SKRect panel, Func<Vec3, (double U, double V)> plane)
    {
        var scale = panel.Width / 2 / (reach * 1.1);
        return p =>
        {
            var (u, v) = plane(p);
            return new SKPoint((float)(panel.MidX + u * scale), (float)(panel.MidY - v * scale));
        };
    }

    static void Floor(SKCanvas canvas, Projection view, double reach)
    {
        using var grid = new SKPaint { Color = new SKColor(0xe4, 0xe4, 0xe4), StrokeWidth = 1, IsAntialias = true };
        for (var i = -4; i <= 4; i++)
        {
            var v = reach * i / 4;
            canvas.DrawLine(view(new Vec3(v, -reach, 0)), view(new Vec3(v, reach, 0)), grid);
            canvas.DrawLine(view(new Vec3(-reach, v, 0)), view(new Vec3(reach, v, 0)), grid);
        }
    }

    static void Path(SKCanvas canvas, Projection view, IReadOnlyList<Vec3> points)
    {
        using var line = new SKPaint { Color = new SKColor(0x40, 0x40, 0x40), StrokeWidth = 1.5f, IsAntialias = true };
        for (var i = 0; i + 1 < points.Count; i++)
            canvas.DrawLine(view(points[i]), view(points[i + 1]), line);
    }

    static void Arm(SKCanvas canvas, Projection view, ReadOnlySpan<Vec3> points, SKColor colour, bool faint)
    {
        var alpha = (byte)(faint ? 0x60 : 0xff);
        using var link = new SKPaint { Color = colour.WithAlpha(alpha), StrokeWidth = 4, IsAntialias = true,
            StrokeCap = SKStrokeCap.Round };
        using var joint = new SKPaint { Color = new SKColor(0x30, 0x30, 0x30, alpha), IsAntialias = true };
        for (var i = 0; i + 1 < points.Length; i++)
            canvas.DrawLine(view(points[i]), view(points[i + 1]), link);
        for (var i = 0; i + 1 < points.Length; i++)
            canvas.DrawCircle(view(points[i]), 3.5f, joint);
    }

    static void Axes(SKCanvas canvas, Projection view, Frame target, double length, bool orientation)
    {
        SKColor[] colours = [new(0xd0, 0x25, 0x25), new(0x1a, 0xa0, 0x3a), new(0x1f, 0x5f, 0xd0)];
        using var ring = new SKPaint { Color = SKColors.Black, StrokeWidth = 1.5f, IsAntialias = true,
            Style = SKPaintStyle.Stroke };
        canvas.DrawCircle(view(target.P), 7, ring);
        if (!orientation)
            return;
        for (var j = 0; j < 3; j++)
        {
            using var axis = new SKPaint { Color = colours[j], StrokeWidth = 2.5f, IsAntialias = true };
            canvas.DrawLine(view(target.P), view(target.P + length * target.Axis(j)), axis);
        }
    }
}
