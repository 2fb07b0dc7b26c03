namespace NeuralIk.Engine.Kinematics;

/// <summary>A point in the arm's plane.</summary>
public readonly record struct Point2(double X, double Y)
{
    public double Radius => Math.Sqrt(X * X + Y * Y);
    public double DistanceTo(Point2 other) => Math.Sqrt((X - other.X) * (X - other.X) + (Y - other.Y) * (Y - other.Y));
}

/// <summary>Elbow up means θ2 &lt; 0, elbow down θ2 &gt; 0; at θ2 = 0 or ±π the two coincide.</summary>
public enum Elbow { Up, Down }

/// <summary>
/// A planar arm with two revolute joints: the first at the origin, links L1 and L2.
/// FK: x = L1 cos θ1 + L2 cos(θ1 + θ2), y = L1 sin θ1 + L2 sin(θ1 + θ2).
/// </summary>
public sealed record Arm
{
    public static readonly Arm Default = new(1, 1);

    public Arm(double l1, double l2)
    {
        if (!(l1 > 0) || !double.IsFinite(l1) || !(l2 > 0) || !double.IsFinite(l2))
            throw new ArgumentException($"link lengths must be positive finite numbers, got L1 = {l1}, L2 = {l2}");
        L1 = l1;
        L2 = l2;
    }

    public double L1 { get; }
    public double L2 { get; }
    public double Reach => L1 + L2;
    public double InnerRadius => Math.Abs(L1 - L2);

    public Point2 Forward(double theta1, double theta2) => new(
        L1 * Math.Cos(theta1) + L2 * Math.Cos(theta1 + theta2),
        L1 * Math.Sin(theta1) + L2 * Math.Sin(theta1 + theta2));
}
