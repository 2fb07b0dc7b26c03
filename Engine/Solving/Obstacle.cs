using System.Globalization;
using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Solving;

/// <summary>A disc the links must not cross, in arm coordinates.</summary>
public readonly record struct Obstacle(double X, double Y, double Radius)
{
    /// <summary>Parses "x,y,radius".</summary>
    public static Obstacle Parse(string text)
    {
        var parts = text.Split(',');
        var values = new double[parts.Length];
        if (parts.Length != 3
            || parts.Select((p, i) => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture,
                out values[i])).Any(ok => !ok))
            throw new FormatException($"obstacle '{text}' is not x,y,radius");
        if (values.Any(v => !double.IsFinite(v)) || !(values[2] > 0))
            throw new FormatException($"obstacle '{text}' needs finite numbers and a positive radius");
        return new Obstacle(values[0], values[1], values[2]);
    }

    /// <summary>Whether any link of a chain's pose passes through the disc (closest point of each segment).</summary>
    public bool Hits(PlanarChain chain, ReadOnlySpan<double> theta)
    {
        Span<Point2> points = stackalloc Point2[chain.Joints + 1];
        chain.Points(theta, points);
        return Crosses(points);
    }

    // joints[links + 1]: the base, each joint, the end effector; a link crosses when its closest point is inside the
    // disc.
    bool Crosses(ReadOnlySpan<Point2> joints)
    {
        for (var i = 0; i + 1 < joints.Length; i++)
        {
            if (SegmentDistance(joints[i], joints[i + 1]) < Radius)
                return true;
        }
        return false;
    }

    double SegmentDistance(Point2 a, Point2 b)
    {
        var (dx, dy) = (b.X - a.X, b.Y - a.Y);
        var length2 = dx * dx + dy * dy;
        var t = length2 == 0 ? 0 : Math.Clamp(((X - a.X) * dx + (Y - a.Y) * dy) / length2, 0, 1);
        return new Point2(a.X + t * dx, a.Y + t * dy).DistanceTo(new Point2(X, Y));
    }
}
