using System.Globalization;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Numerics;

namespace NeuralIk.Tests.Calibration;

/// <summary>
/// A soft arm with no URDF, made here: two constant-curvature segments (0.25 m and 0.20 m) bent by antagonistic
/// tendon pairs — actuators a1, a2 bend the first segment about x and y, a3, a4 the second — whose curvature
/// saturates (κ = κmax·tanh(1.5a)/tanh(1.5), κmax 6 /m), and a fifth actuator a5 ∈ [0, 1] extending the second
/// segment by up to 4 cm. Each segment's tip frame is Rz(φ)·[Ry(κL) | (1 − cos κL)/κ, 0, sin κL/κ]·Rz(−φ), φ the
/// bending plane. Its positions are the truth a learned forward map is judged against.
/// </summary>
public static class ContinuumArm
{
    public static readonly string[] Names = ["a1", "a2", "a3", "a4", "a5"];
    const double MaxCurvature = 6;

    public static Vec3 Tip(ReadOnlySpan<double> a)
    {
        var first = Segment(a[0], a[1], 0.25);
        var second = Segment(a[2], a[3], 0.20 + 0.04 * a[4]);
        return (first * second).P;
    }

    /// <summary>Points along the arm's backbone, base to tip, <paramref name="perSegment"/> per segment (a drawing).
    /// </summary>
    public static List<Vec3> Backbone(ReadOnlySpan<double> a, int perSegment)
    {
        var points = new List<Vec3> { Vec3.Zero };
        var first = Segment(a[0], a[1], 0.25);
        for (var i = 1; i <= perSegment; i++)
            points.Add(Segment(a[0], a[1], 0.25 * i / perSegment).P);
        for (var i = 1; i <= perSegment; i++)
            points.Add((first * Segment(a[2], a[3], (0.20 + 0.04 * a[4]) * i / perSegment)).P);
        return points;
    }

    static Frame Segment(double ax, double ay, double length)
    {
        var (kx, ky) = (Saturated(ax), Saturated(ay));
        var kappa = Math.Sqrt(kx * kx + ky * ky);
        if (kappa < 1e-9)
            return Frame.Translation(new Vec3(0, 0, length));
        var phi = Math.Atan2(ky, kx);
        var theta = kappa * length;
        var bend = Frame.Rotation(new Vec3(0, 1, 0), theta) with
        {
            P = new Vec3((1 - Math.Cos(theta)) / kappa, 0, Math.Sin(theta) / kappa),
        };
        var z = new Vec3(0, 0, 1);
        return Frame.Rotation(z, phi) * bend * Frame.Rotation(z, -phi);
    }

    static double Saturated(double a) => MaxCurvature * Math.Tanh(1.5 * a) / Math.Tanh(1.5);

    /// <summary>Actuators within their ranges: a1…a4 in [−1, 1], a5 in [0, 1].</summary>
    public static double[] Actuators(Rng rng) =>
        [rng.Uniform(-1, 1), rng.Uniform(-1, 1), rng.Uniform(-1, 1), rng.Uniform(-1, 1), rng.Uniform(0, 1)];

    /// <summary>Recorded samples: actuators and the measured tip, with Gaussian noise of σ per axis.</summary>
    public static (double[][] Actuators, Vec3[] Positions) Record(int count, ulong seed, double noise = 2e-4)
    {
        var rng = new Rng(seed);
        var actuators = new double[count][];
        var positions = new Vec3[count];
        for (var s = 0; s < count; s++)
        {
            actuators[s] = Actuators(rng);
            var u = 1 - rng.NextDouble();
            var r = Math.Sqrt(-2 * Math.Log(u));
            var angle = 2 * Math.PI * rng.NextDouble();
            var w = 1 - rng.NextDouble();
            positions[s] = Tip(actuators[s]) + noise * new Vec3(r * Math.Cos(angle), r * Math.Sin(angle),
                Math.Sqrt(-2 * Math.Log(w)) * Math.Cos(2 * Math.PI * rng.NextDouble()));
        }
        return (actuators, positions);
    }

    /// <summary>
    /// <see cref="Record"/> as the CSV a user brings: a1…a5, then x,y,z, numbers round-trip.
    /// </summary>
    public static void Write(string path, int count, ulong seed)
    {
        var (actuators, positions) = Record(count, seed);
        var lines = new List<string> { string.Join(',', [.. Names, "x", "y", "z"]) };
        for (var s = 0; s < count; s++)
        {
            var p = positions[s];
            lines.Add(string.Join(',', actuators[s].Append(p.X).Append(p.Y).Append(p.Z)
                .Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        }
        File.WriteAllLines(path, lines);
    }
}
