namespace NeuralIk.Engine.Kinematics;

/// <summary>A vector in space, in double precision (System.Numerics.Vector3 holds floats).</summary>
public readonly record struct Vec3(double X, double Y, double Z)
{
    public static readonly Vec3 Zero = new(0, 0, 0);

    public static Vec3 operator +(Vec3 a, Vec3 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);
    public static Vec3 operator -(Vec3 a, Vec3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);
    public static Vec3 operator *(double s, Vec3 a) => new(s * a.X, s * a.Y, s * a.Z);

    public double Dot(Vec3 b) => X * b.X + Y * b.Y + Z * b.Z;
    public Vec3 Cross(Vec3 b) => new(Y * b.Z - Z * b.Y, Z * b.X - X * b.Z, X * b.Y - Y * b.X);
    public double Length => Math.Sqrt(Dot(this));

    /// <summary>
    /// |v| for any finite v: scaled by its largest component first, since <see cref="Length"/> squares and
    /// overflows to ∞ from about 1e154.
    /// </summary>
    public double Norm()
    {
        var largest = Math.Max(Math.Abs(X), Math.Max(Math.Abs(Y), Math.Abs(Z)));
        return largest is 0 or double.PositiveInfinity ? largest : largest * ((1 / largest) * this).Length;
    }

    /// <summary>v / |v| for any finite v other than zero, computed without overflow.</summary>
    public Vec3 Direction()
    {
        var largest = Math.Max(Math.Abs(X), Math.Max(Math.Abs(Y), Math.Abs(Z)));
        var scaled = (1 / largest) * this;
        return (1 / scaled.Length) * scaled;
    }

    public bool IsFinite => double.IsFinite(X) && double.IsFinite(Y) && double.IsFinite(Z);
}
