using NeuralIk.Engine.Kinematics;
using SkiaSharp;

namespace NeuralIk.Cli.Pictures;

/// <summary>One drawn pose: joint angles, and whether it is the main answer or a fainter alternative.</summary>
public readonly record struct DrawnPose(double Theta1, double Theta2, bool Faint = false);

/// <summary>A circle to keep clear of, in arm coordinates.</summary>
public readonly record struct Circle(double X, double Y, double Radius);

/// <summary>
/// The arm drawn with SkiaSharp: first link blue, second red, end effector green, base dark,
/// target as a ring with a cross, the reach circle dashed, obstacles grey, a caption on top.
/// </summary>
public static class PoseRenderer
{
    public static readonly SKColor FirstLink = new(0x1f, 0x5f, 0xd0);
    public static readonly SKColor SecondLink = new(0xd0, 0x25, 0x25);
    public static readonly SKColor EndEffector = new(0x1a, 0xa0, 0x3a);

    public static void Write(string path, Arm arm, IReadOnlyList<DrawnPose> poses, Point2 target, string caption,
        IReadOnlyList<Circle>? obstacles = null, JointLimits? limits = null) =>
        ArmCanvas.Write(path, arm, caption, (canvas, view) =>
        {
            foreach (var o in obstacles ?? [])
            {
                using var fill = new SKPaint { Color = new SKColor(0x80, 0x80, 0x80, 0x90), IsAntialias = true };
                canvas.DrawCircle(view.Map(o.X, o.Y), (float)(o.Radius * view.Scale), fill);
            }
            if (limits is { IsFull: false })
            {
                DrawLimitArc(canvas, view, new Point2(0, 0), 0, limits.Joint1, 0.3 * arm.L1);
                foreach (var pose in poses.Where(p => !p.Faint))
                    DrawLimitArc(canvas, view, arm.Elbow(pose.Theta1), pose.Theta1, limits.Joint2, 0.3 * arm.L2);
            }
            foreach (var pose in poses.OrderBy(p => !p.Faint))
                DrawPose(canvas, view, arm, pose);
            DrawTarget(canvas, view.Map(target.X, target.Y));
        });

    static void DrawPose(SKCanvas canvas, ArmCanvas.View view, Arm arm, DrawnPose pose)
    {
        var alpha = pose.Faint ? (byte)0x60 : (byte)0xff;
        var elbow = arm.Elbow(pose.Theta1);
        var end = arm.Forward(pose.Theta1, pose.Theta2);
        var (p0, p1, p2) = (view.Map(0, 0), view.Map(elbow.X, elbow.Y), view.Map(end.X, end.Y));
        using var link = new SKPaint { StrokeWidth = 9, StrokeCap = SKStrokeCap.Round, IsAntialias = true, Style = SKPaintStyle.Stroke };
        link.Color = FirstLink.WithAlpha(alpha);
        canvas.DrawLine(p0, p1, link);
        link.Color = SecondLink.WithAlpha(alpha);
        canvas.DrawLine(p1, p2, link);
        using var joint = new SKPaint { Color = new SKColor(0x30, 0x30, 0x30, alpha), IsAntialias = true };
        canvas.DrawCircle(p0, 8, joint);
        canvas.DrawCircle(p1, 6, joint);
        using var effector = new SKPaint { Color = EndEffector.WithAlpha(alpha), IsAntialias = true };
        canvas.DrawCircle(p2, 8, effector);
    }

    // The allowed range of a joint as a pale wedge around it: world angles [lo, hi] measured from
    // the previous link's direction (screen y points down, so angles change sign).
    static void DrawLimitArc(SKCanvas canvas, ArmCanvas.View view, Point2 joint, double baseAngle, AngleRange range, double radius)
    {
        var centre = view.Map(joint.X, joint.Y);
        var r = (float)(radius * view.Scale);
        var oval = new SKRect(centre.X - r, centre.Y - r, centre.X + r, centre.Y + r);
        var start = (float)(-(baseAngle + range.Hi) * 180 / Math.PI);
        var sweep = (float)((range.Hi - range.Lo) * 180 / Math.PI);
        using var fill = new SKPaint { Color = new SKColor(0xf0, 0xa0, 0x20, 0x40), IsAntialias = true };
        canvas.DrawArc(oval, start, sweep, true, fill);
        using var edge = new SKPaint { Color = new SKColor(0xc0, 0x70, 0x10), StrokeWidth = 1.5f, IsAntialias = true, Style = SKPaintStyle.Stroke };
        canvas.DrawArc(oval, start, sweep, true, edge);
    }

    static void DrawTarget(SKCanvas canvas, SKPoint at)
    {
        using var paint = new SKPaint { Color = SKColors.Black, StrokeWidth = 2, IsAntialias = true, Style = SKPaintStyle.Stroke };
        canvas.DrawCircle(at, 12, paint);
        canvas.DrawLine(at.X - 17, at.Y, at.X + 17, at.Y, paint);
        canvas.DrawLine(at.X, at.Y - 17, at.X, at.Y + 17, paint);
    }
}
