using NeuralIk.Engine.Calibration;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Numerics;

namespace NeuralIk.Tests.Calibration;

/// <summary>
/// A "real" arm made from a nominal chain, as a calibration meets one: every joint's origin moved by millimetres
/// and tilted by tenths of a degree, a zero offset per joint, an instrument frame metres away and turned, a marker
/// centimetres off the tip, and optionally a sag no geometry can express (the tip drops by
/// <c>sag·(horizontal reach)²</c>, as a shoulder deflects under gravity). Its true marker pose is computed
/// directly from the perturbed joints with <see cref="SpatialChain.Forward"/>, not through the calibration's model.
/// </summary>
public sealed class SyntheticArm
{
    public SyntheticArm(SpatialChain nominal, ulong seed, double link = 0.002, double tilt = 0.003,
        double offset = 0.005, double sag = 0)
    {
        var rng = new Rng(seed);
        Nominal = nominal;
        Real = new SpatialChain(nominal.BaseLink, nominal.TipLink, [.. nominal.Joints.Select(j => j with
        {
            Origin = j.Origin * Frame.Translation(Gaussian(rng, link)) * Frame.Rotation(Direction(rng),
                tilt * Gaussian(rng)) * (j.Type == JointType.Prismatic
                    ? Frame.Translation(offset * Gaussian(rng) * j.Axis)
                    : Frame.Rotation(j.Axis.Direction(), offset * Gaussian(rng))),
        })], nominal.Tip);
        Instrument = Frame.Rotation(Direction(rng), rng.Uniform(0.5, 2.5)) with
        {
            P = new Vec3(rng.Uniform(-2, 2), rng.Uniform(-2, 2), rng.Uniform(-1, 1)),
        };
        Marker = Frame.Rotation(Direction(rng), rng.Uniform(0, 1)) with { P = Gaussian(rng, 0.05) };
        Sag = sag;
    }

    public SpatialChain Nominal { get; }
    /// <summary>The perturbed joints, base to tip, before the instrument and the marker.</summary>
    public SpatialChain Real { get; }
    public Frame Instrument { get; }
    public Frame Marker { get; }
    public double Sag { get; }

    /// <summary>The marker's true pose in the instrument's frame.</summary>
    public Frame Measure(ReadOnlySpan<double> q)
    {
        var tip = Real.Forward(q) * Marker;
        var horizontal = tip.P.X * tip.P.X + tip.P.Y * tip.P.Y;
        return Instrument * (tip with { P = tip.P - new Vec3(0, 0, Sag * horizontal) });
    }

    /// <summary>
    /// Poses drawn within the joints' limits, measured with Gaussian noise (σ <paramref name="noise"/> metres per
    /// axis, a tenth of it in radians), a fraction of them gross outliers (the marker 5–50 mm off).
    /// </summary>
    public RecordedPoses Record(int count, ulong seed, double noise = 3e-5, double outliers = 0,
        bool orientation = false)
    {
        var rng = new Rng(seed);
        var joints = new double[count][];
        var positions = new Vec3[count];
        var turns = orientation ? new Frame[count] : null;
        for (var s = 0; s < count; s++)
        {
            joints[s] = Pose(rng);
            var pose = Measure(joints[s]);
            positions[s] = pose.P + Gaussian(rng, noise);
            if (rng.NextDouble() < outliers)
                positions[s] += rng.Uniform(0.005, 0.05) * Direction(rng);
            if (turns is not null)
                turns[s] = Frame.Rotation(Direction(rng), 0.1 * noise * Gaussian(rng)) * pose with { P = Vec3.Zero };
        }
        return new RecordedPoses(joints, positions, turns);
    }

    /// <summary>Recorded poses as the CSV a user gives calibrate: joint names, x,y,z and maybe qx,qy,qz,qw.</summary>
    public void Write(string path, RecordedPoses data)
    {
        static string R(double x) => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var header = Nominal.Names.Concat(data.HasOrientation ? ["x", "y", "z", "qx", "qy", "qz", "qw"]
            : ["x", "y", "z"]);
        var lines = new List<string> { string.Join(',', header) };
        for (var s = 0; s < data.Count; s++)
        {
            var p = data.Positions[s];
            var cells = data.Joints[s].Append(p.X).Append(p.Y).Append(p.Z);
            if (data.Orientations is { } o)
            {
                var (x, y, z, w) = o[s].Quaternion();
                cells = cells.Append(x).Append(y).Append(z).Append(w);
            }
            lines.Add(string.Join(',', cells.Select(R)));
        }
        File.WriteAllLines(path, lines);
    }

    /// <summary>A pose within the limits, continuous joints within ±π.</summary>
    public double[] Pose(Rng rng) => [.. Nominal.Ranges.Select(r =>
        rng.Uniform(Math.Max(r.Lo, -Math.PI), Math.Min(r.Hi, Math.PI)))];

    static double Gaussian(Rng rng)
    {
        var u = 1 - rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * rng.NextDouble());
    }

    static Vec3 Gaussian(Rng rng, double sigma) =>
        new(sigma * Gaussian(rng), sigma * Gaussian(rng), sigma * Gaussian(rng));

    static Vec3 Direction(Rng rng) => new Vec3(Gaussian(rng), Gaussian(rng), Gaussian(rng)).Direction();
}
