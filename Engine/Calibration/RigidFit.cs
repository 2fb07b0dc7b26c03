using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Numerics;

namespace NeuralIk.Engine.Calibration;

/// <summary>
/// The rigid transform that best carries one point set onto another (least squares, Horn 1987: the rotation is the
/// unit quaternion of the largest eigenvalue of a 4×4 matrix built from the cross-covariance).
/// </summary>
public static class RigidFit
{
    /// <summary>T minimising Σ |T·from[i] − to[i]|²; at least three points not on one line.</summary>
    public static Frame Fit(ReadOnlySpan<Vec3> from, ReadOnlySpan<Vec3> to)
    {
        if (from.Length != to.Length || from.Length < 3)
            throw new ArgumentException("a rigid fit needs at least three pairs of points");
        var (ca, cb) = (Centroid(from), Centroid(to));
        // S[j, k] = Σ a_j b_k over the centred points.
        Span<double> s = stackalloc double[9];
        for (var i = 0; i < from.Length; i++)
        {
            var (a, b) = (from[i] - ca, to[i] - cb);
            Span<double> av = [a.X, a.Y, a.Z];
            Span<double> bv = [b.X, b.Y, b.Z];
            for (var j = 0; j < 3; j++)
            {
                for (var k = 0; k < 3; k++)
                    s[3 * j + k] += av[j] * bv[k];
            }
        }
        var (xx, xy, xz, yx, yy, yz, zx, zy, zz) = (s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8]);
        Span<double> n =
        [
            xx + yy + zz, yz - zy, zx - xz, xy - yx,
            yz - zy, xx - yy - zz, xy + yx, zx + xz,
            zx - xz, xy + yx, -xx + yy - zz, yz + zy,
            xy - yx, zx + xz, yz + zy, -xx - yy + zz,
        ];
        Span<double> values = stackalloc double[4];
        Span<double> vectors = stackalloc double[16];
        SmallMatrix.SymmetricEigen(n, values, vectors);
        var rotation = Frame.FromQuaternion(Vec3.Zero, vectors[4], vectors[8], vectors[12], vectors[0]);
        return rotation with { P = cb - rotation.Rotate(ca) };
    }

    /// <summary>
    /// <see cref="Fit"/> again on the pairs within three times the median distance of the first fit: a few
    /// gross outliers (a marker the instrument lost) do not tilt the start of a calibration.
    /// </summary>
    public static Frame FitTrimmed(ReadOnlySpan<Vec3> from, ReadOnlySpan<Vec3> to)
    {
        var first = Fit(from, to);
        var distances = new double[from.Length];
        for (var i = 0; i < from.Length; i++)
            distances[i] = (first.Apply(from[i]) - to[i]).Length;
        var sorted = (double[])distances.Clone();
        Array.Sort(sorted);
        var limit = 3 * sorted[sorted.Length / 2] + 1e-12;
        var (a, b) = (new List<Vec3>(), new List<Vec3>());
        for (var i = 0; i < from.Length; i++)
        {
            if (distances[i] > limit)
                continue;
            a.Add(from[i]);
            b.Add(to[i]);
        }
        return a.Count >= 3 ? Fit([.. a], [.. b]) : first;
    }

    static Vec3 Centroid(ReadOnlySpan<Vec3> points)
    {
        var sum = Vec3.Zero;
        foreach (var p in points)
            sum += p;
        return (1.0 / points.Length) * sum;
    }
}
