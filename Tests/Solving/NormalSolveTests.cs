using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Solving;
using Xunit;

namespace NeuralIk.Tests.Solving;

/// <summary>
/// The refiner's k×k solve, checked by multiplying back (A x against b): on damped normal matrices J Jᵀ + λI (its
/// LDLᵀ path) and on symmetric matrices with a negative pivot, which only its elimination with pivoting solves.
/// </summary>
public class NormalSolveTests
{
    const int Stride = Refiner.Stride;

    [Theory]
    [InlineData(3, 7)]
    [InlineData(6, 7)]
    [InlineData(6, 6)]
    [InlineData(7, 7)]
    public void A_damped_normal_system_is_solved(int k, int columns)
    {
        var rng = new Rng(91);
        for (var trial = 0; trial < 50; trial++)
        {
            var j = Enumerable.Range(0, k * columns).Select(_ => rng.Uniform(-1, 1)).ToArray();
            var a = new double[Stride * Stride];
            for (var r = 0; r < k; r++)
            {
                for (var c = 0; c < k; c++)
                {
                    var sum = r == c ? 1e-6 : 0;
                    for (var p = 0; p < columns; p++)
                        sum += j[r * columns + p] * j[c * columns + p];
                    a[r * Stride + c] = sum;
                }
            }
            CheckSolves(a, k, rng, 1e-9);
        }
    }

    // Symmetric, not positive definite (a negative eigenvalue): the LDLᵀ pivot goes negative and the elimination
    // takes over.
    [Fact]
    public void A_symmetric_system_with_a_negative_pivot_is_solved()
    {
        var rng = new Rng(92);
        for (var trial = 0; trial < 50; trial++)
        {
            const int k = 6;
            var a = new double[Stride * Stride];
            for (var r = 0; r < k; r++)
            {
                for (var c = r; c < k; c++)
                    a[r * Stride + c] = a[c * Stride + r] = rng.Uniform(-1, 1);
            }
            a[0] = -1 - rng.Uniform(0, 1);
            CheckSolves(a, k, rng, 1e-7);
        }
    }

    static void CheckSolves(double[] a, int k, Rng rng, double tolerance)
    {
        var original = (double[])a.Clone();
        var b = Enumerable.Range(0, Stride).Select(i => i < k ? rng.Uniform(-1, 1) : 0).ToArray();
        var given = (double[])b.Clone();
        var x = new double[Stride];
        Refiner.Solve(a, b, x, k);
        for (var r = 0; r < k; r++)
        {
            var sum = 0.0;
            for (var c = 0; c < k; c++)
                sum += original[r * Stride + c] * x[c];
            Assert.True(Math.Abs(sum - given[r]) <= tolerance * (1 + x.Max(Math.Abs)),
                $"row {r}: A x = {sum}, b = {given[r]}");
        }
    }
}
