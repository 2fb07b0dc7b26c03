using NeuralIk.Engine.Kinematics;
using SkiaSharp;

namespace NeuralIk.Cli.Pictures;

/// <summary>
/// One drawn pose: joint angles, whether it is a fainter alternative, and a colour for all its links (or one per link).
/// </summary>
public readonly record struct DrawnPose(double[] Theta, bool Faint = false, SKColor? Colour = null);

/// <summary>
/// A chain drawn with SkiaSharp: links blue, red, then further colours (or each pose in its own colour),
/// joints dark, end effector green, target as a ring with a cross (and an arrow for an end orientation),
/// the reach circle dashed, obstacles grey, the allowed ranges of the main (first solid) pose's joints
/// as pale wedges, a caption on top.
/// </summary>
public static class PoseRenderer
{
    public static readonly SKColor FirstLink = new(0x1f, 0x5f, 0xd0);
    public static readonly SKColor SecondLink = new(0xd0, 0x25, 0x25);
    public static readonly SKColor EndEffector = new(0x1a, 0xa0, 0x3a);

    /// <summary>Links 3 … 8, after blue and red.</summary>
    static readonly SKColor[] FurtherLinks = [new(0x8e, 0x44, 0xad), new(0x16, 0xa0, 0x85), new(0xe6, 0x7e, 0x22),
        new(0x79, 0x55, 0x48), new(0xd8, 0x1b, 0x60), new(0x55, 0x6b, 0x2f)];

    /// <summary>One colour per answer when several are drawn.</summary>
    public static readonly SKColor[] Answers = [FirstLink, SecondLink, new(0x8e, 0x44, 0xad), new(0xe6, 0x7e, 0x22),
        new(0x16, 0xa0, 0x85), new(0x79, 0x55, 0x48), new(0xd8, 0x1b, 0x60), new(0x55, 0x6b, 0x2f)];

    public static SKColor LinkColour(int link) => link switch { 0 => FirstLink, 1 => SecondLink,
        _ => FurtherLinks[(link - 2) % FurtherLinks.Length] };

    public static void Write(string path, PlanarChain chain, IReadOnlyList<DrawnPose> poses, Pose2 target,
        TaskBounds kind, string caption,
        IReadOnlyList<Engine.Solving.Obstacle>? obstacles = null) =>
        ArmCanvas.Write(path, chain, caption, (canvas, view) =>
        {
            foreach (var o in obstacles ?? [])
            {
                using var fill = new SKPaint { Color = new SKColor(0x80, 0x80, 0x80, 0x90), IsAntialias = true };
                canvas.DrawCircle(view.Map(o.X, o.Y), (float)(o.Radius * view.Scale), fill);
            }
            if (!chain.IsFull && poses.FirstOrDefault(p => !p.Faint) is { Theta: not null } main)
                DrawLimits(canvas, view, chain, main);
            foreach (var pose in poses.OrderBy(p => !p.Faint))
                DrawPose(canvas, view, chain, pose);
            DrawTarget(canvas, view, target, kind, 0.15 * chain.Reach);
        });

    /// <summary>Points of a pose in pixels: the base, every joint, the end effector.</summary>
    public static SKPoint[] Pixels(ArmCanvas.View view, PlanarChain chain, double[] theta)
    {
        var points = new Point2[chain.Joints + 1];
        chain.Points(theta, points);
        return [.. points.Select(p => view.Map(p.X, p.Y))];
    }

    static void DrawPose(SKCanvas canvas, ArmCanvas.View view, PlanarChain chain, DrawnPose pose)
    {
        var alpha = pose.Faint ? (byte)0x60 : (byte)0xff;
        var p = Pixels(view, chain, pose.Theta);
        using var link = new SKPaint { StrokeWidth = chain.Joints > 3 ? 7 : 9, StrokeCap = SKStrokeCap.Round,
            IsAntialias = true, Style = SKPaintStyle.Stroke };
        for (var i = 0; i < chain.Joints; i++)
        {
            link.Color = (pose.Colour ?? LinkColour(i)).WithAlpha(alpha);
            canvas.DrawLine(p[i], p[i + 1], link);
        }
        using var joint = new SKPaint { Color = new SKColor(0x30, 0x30, 0x30, alpha), IsAntialias = true };
        canvas.DrawCircle(p[0], 8, joint);
        for (var i = 1; i < chain.Joints; i++)
            canvas.DrawCircle(p[i], 5, joint);
        using var effector = new SKPaint { Color = EndEffector.WithAlpha(alpha), IsAntialias = true };
        canvas.DrawCircle(p[^1], 7, effector);
    }

    // The allowed range of each limited joint of the main pose as a pale wedge around it, measured from the previous
    // link's direction.
    static void DrawLimits(SKCanvas canvas, ArmCanvas.View view, PlanarChain chain, DrawnPose pose)
    {
        var points = new Point2[chain.Joints + 1];
        chain.Points(pose.Theta, points);
        var sigma = 0.0;
        for (var j = 0; j < chain.Joints; j++)
        {
            if (!chain.Limits[j].IsFullCircle)
                DrawLimitArc(canvas, view, points[j], sigma, chain.Limits[j], 0.3 * chain.Links[j]);
            sigma += pose.Theta[j];
        }
    }

    // World angles [lo, hi] from baseAngle (screen y points down, so angles change sign).
    static void DrawLimitArc(SKCanvas canvas, ArmCanvas.View view, Point2 joint, double baseAngle, JointRange range,
        double radius)
    {
        var centre = view.Map(joint.X, joint.Y);
        var r = (float)(radius * view.Scale);
        var oval = new SKRect(centre.X - r, centre.Y - r, centre.X + r, centre.Y + r);
        var start = (float)(-(baseAngle + range.Hi) * 180 / Math.PI);
        var sweep = (float)((range.Hi - range.Lo) * 180 / Math.PI);
        using var fill = new SKPaint { Color = new SKColor(0xf0, 0xa0, 0x20, 0x40), IsAntialias = true };
        canvas.DrawArc(oval, start, sweep, true, fill);
        using var edge = new SKPaint { Color = new SKColor(0xc0, 0x70, 0x10), StrokeWidth = 1.5f, IsAntialias = true,
            Style = SKPaintStyle.Stroke };
        canvas.DrawArc(oval, start, sweep, true, edge);
    }

    static void DrawTarget(SKCanvas canvas, ArmCanvas.View view, Pose2 target, TaskBounds kind, double arrow)
    {
        var at = view.Map(target.X, target.Y);
        using var paint = new SKPaint { Color = SKColors.Black, StrokeWidth = 2, IsAntialias = true,
            Style = SKPaintStyle.Stroke };
        canvas.DrawCircle(at, 12, paint);
        canvas.DrawLine(at.X - 17, at.Y, at.X + 17, at.Y, paint);
        canvas.DrawLine(at.X, at.Y - 17, at.X, at.Y + 17, paint);
        if (!kind.HasOrientation)
            return;
        var tip = view.Map(target.X + arrow * Math.Cos(target.Phi), target.Y + arrow * Math.Sin(target.Phi));
        paint.StrokeWidth = 3;
        canvas.DrawLine(at, tip, paint);
        foreach (var side in new[] { 2.6, -2.6 })
        {
            var wing = view.Map(target.X + arrow * Math.Cos(target.Phi) + 0.3 * arrow * Math.Cos(target.Phi + side),
                target.Y + arrow * Math.Sin(target.Phi) + 0.3 * arrow * Math.Sin(target.Phi + side));
            canvas.DrawLine(tip, wing, paint);
        }
    }
}
