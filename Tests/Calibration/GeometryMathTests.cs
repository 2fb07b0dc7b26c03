using NeuralIk.Engine.Calibration;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Numerics;
using Xunit;

namespace NeuralIk.Tests.Calibration;

/// <summary>
/// The small numerics a calibration stands on, each against a closed form: Cholesky against a product built from a
/// known solution, Jacobi's eigenpairs against A·v = λ·v, Horn's rigid fit against a transform it must recover,
/// URDF's roll-pitch-yaw and the inverse frame against composition.
/// </summary>
public class GeometryMathTests
{
    static Vec3 Direction(Rng rng) => new Vec3(rng.Uniform(-1, 1), rng.Uniform(-1, 1), rng.Uniform(-1, 1)).Direction();

    static Frame Random(Rng rng) => Frame.Rotation(Direction(rng), rng.Uniform(0, Math.PI)) with
    {
        P = new Vec3(rng.Uniform(-2, 2), rng.Uniform(-2, 2), rng.Uniform(-2, 2)),
    };

    [Fact]
    public void Cholesky_solves_a_system_whose_solution_is_known()
    {
        var rng = new Rng(1);
        const int n = 9;
        var m = Enumerable.Range(0, n * n).Select(_ => rng.Uniform(-1, 1)).ToArray();
        var a = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
                a[i * n + j] = Enumerable.Range(0, n).Sum(k => m[k * n + i] * m[k * n + j]) + (i == j ? 0.1 : 0);
        }
        var x = Enumerable.Range(0, n).Select(_ => rng.Uniform(-1, 1)).ToArray();
        var b = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, n).Sum(j => a[i * n + j] * x[j])).ToArray();
        Assert.True(SmallMatrix.CholeskySolve(a, b));
        Assert.All(Enumerable.Range(0, n), i => Assert.Equal(x[i], b[i], 1e-9));
        Assert.False(SmallMatrix.CholeskySolve([1, 2, 2, 1], new double[2]), "an indefinite matrix is refused");
    }

    [Fact]
    public void Jacobi_finds_eigenpairs_in_descending_order()
    {
        var rng = new Rng(2);
        const int n = 6;
        var a = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
                a[i * n + j] = a[j * n + i] = rng.Uniform(-1, 1);
        }
        var (values, vectors) = (new double[n], new double[n * n]);
        SmallMatrix.SymmetricEigen((double[])a.Clone(), values, vectors);
        for (var c = 0; c < n; c++)
        {
            for (var i = 0; i < n; i++)
            {
                var av = Enumerable.Range(0, n).Sum(k => a[i * n + k] * vectors[k * n + c]);
                Assert.Equal(values[c] * vectors[i * n + c], av, 1e-12);
            }
            Assert.Equal(1, Enumerable.Range(0, n).Sum(k => vectors[k * n + c] * vectors[k * n + c]), 1e-12);
        }
        Assert.Equal(values.OrderDescending(), values);
    }

    [Fact]
    public void The_rigid_fit_recovers_a_transform_and_shrugs_off_outliers()
    {
        var rng = new Rng(3);
        var truth = Random(rng);
        var from = Enumerable.Range(0, 50).Select(_ => new Vec3(rng.Uniform(-1, 1), rng.Uniform(-1, 1),
            rng.Uniform(-1, 1))).ToArray();
        var to = from.Select(truth.Apply).ToArray();
        var fit = RigidFit.Fit(from, to);
        Assert.True((fit.P - truth.P).Length < 1e-12 && (fit * truth.Transposed).RotationVector().Length < 1e-12);
        to[7] += new Vec3(0.5, 0, 0);
        to[19] += new Vec3(0, -0.8, 0.2);
        var trimmed = RigidFit.FitTrimmed(from, to);
        Assert.True((trimmed.P - truth.P).Length < 1e-12, "the two far points are left out of the second fit");
    }

    [Fact]
    public void Roll_pitch_yaw_and_the_inverse_compose_back_to_the_frame()
    {
        var rng = new Rng(4);
        for (var trial = 0; trial < 200; trial++)
        {
            var f = Random(rng);
            var (roll, pitch, yaw) = f.Rpy();
            var back = Frame.FromXyzRpy(f.P, roll, pitch, yaw);
            Assert.True((back * f.Transposed).RotationVector().Length < 1e-12);
            var identity = f * f.Inverse;
            Assert.True(identity.P.Length < 1e-12 && identity.RotationVector().Length < 1e-12);
        }
        var locked = Frame.FromXyzRpy(Vec3.Zero, 0.3, Math.PI / 2, -0.4);
        var (r, p, y) = locked.Rpy();
        Assert.True((Frame.FromXyzRpy(Vec3.Zero, r, p, y) * locked.Transposed).RotationVector().Length < 1e-9);
    }
}
