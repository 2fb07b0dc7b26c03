using System.Runtime.CompilerServices;
using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Solving;

/// <summary>
/// Levenberg–Marquardt for any chain in double precision, on a position (m = 2) or a full pose
/// (m = 3, the error as <see cref="TargetKind.Error"/> measures it), projected onto the limits
/// (full-circle joints wrap instead of stopping at ±π): Δθ = Jᵀ (J Jᵀ + λI)⁻¹ e, an m×m solve whatever
/// N, so redundant chains take the least-norm step. From a close guess it converges quadratically
/// (2–3 steps); near a singular pose (a stretched arm) the damping keeps the steps bounded.
/// </summary>
public static class Refiner
{
    public readonly record struct Result(double Residual, int Iterations);

    /// <summary>
    /// Refines <paramref name="theta"/> in place; returns the final residual (arm units) and steps taken.
    /// </summary>
    // Every scratch span is written before it is read: no need to clear them on each of millions of calls.
    [SkipLocalsInit]
    public static Result Refine(PlanarChain chain, Pose2 target, TargetKind kind, Span<double> theta,
        double tolerance, int maxIterations)
    {
        var n = chain.Joints;
        var m = kind.Rows;
        chain.Represent(theta);
        chain.Project(theta);
        Span<double> j = stackalloc double[3 * n];
        Span<double> e = stackalloc double[3];
        Span<double> trial = stackalloc double[n];
        Span<double> a = stackalloc double[9];
        Span<double> y = stackalloc double[3];
        Span<double> trialError = stackalloc double[3];
        var residual = kind.Error(chain, target, theta, e);
        var lambda = 1e-6 * chain.Reach * chain.Reach;
        var iterations = 0;
        while (residual > tolerance && iterations < maxIterations)
        {
            iterations++;
            chain.Jacobian(theta, j);
            if (kind.HasOrientation)
            {
                for (var c = 0; c < n; c++)
                    j[2 * n + c] *= chain.Reach;
            }
            // A = J Jᵀ + λI (m×m), solve A y = e, step = Jᵀ y.
            for (var r = 0; r < m; r++)
            {
                for (var c = 0; c < m; c++)
                {
                    var sum = r == c ? lambda : 0;
                    for (var k = 0; k < n; k++)
                        sum += j[r * n + k] * j[c * n + k];
                    a[r * 3 + c] = sum;
                }
            }
            Solve(a, e, y, m);
            for (var k = 0; k < n; k++)
            {
                var step = 0.0;
                for (var r = 0; r < m; r++)
                    step += j[r * n + k] * y[r];
                trial[k] = theta[k] + step;
            }
            chain.Project(trial);
            var next = kind.Error(chain, target, trial, trialError);
            if (next < residual)
            {
                trial.CopyTo(theta);
                trialError.CopyTo(e);
                residual = next;
                lambda = Math.Max(lambda * 0.1, 1e-30);
            }
            else if ((lambda *= 10) > 1e6 * chain.Reach * chain.Reach)
            {
                break;
            }
        }
        return new Result(residual, iterations);
    }

    // A y = b for the m×m system (m ≤ 3, stride 3). A = J Jᵀ + λI is symmetric positive definite: for a
    // position (m = 2, every step of the 2-link arm) Cramer's rule, else Gaussian elimination with pivoting.
    [SkipLocalsInit]
    static void Solve(Span<double> a, ReadOnlySpan<double> b, Span<double> x, int m)
    {
        if (m == 2)
        {
            var det = a[0] * a[4] - a[1] * a[3];
            x[0] = (a[4] * b[0] - a[1] * b[1]) / det;
            x[1] = (a[0] * b[1] - a[3] * b[0]) / det;
            return;
        }
        Span<double> rhs = stackalloc double[3];
        b[..m].CopyTo(rhs);
        for (var col = 0; col < m; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < m; r++)
            {
                if (Math.Abs(a[r * 3 + col]) > Math.Abs(a[pivot * 3 + col]))
                    pivot = r;
            }
            if (pivot != col)
            {
                for (var c = 0; c < m; c++)
                    (a[col * 3 + c], a[pivot * 3 + c]) = (a[pivot * 3 + c], a[col * 3 + c]);
                (rhs[col], rhs[pivot]) = (rhs[pivot], rhs[col]);
            }
            for (var r = col + 1; r < m; r++)
            {
                var f = a[r * 3 + col] / a[col * 3 + col];
                for (var c = col; c < m; c++)
                    a[r * 3 + c] -= f * a[col * 3 + c];
                rhs[r] -= f * rhs[col];
            }
        }
        for (var r = m - 1; r >= 0; r--)
        {
            var sum = rhs[r];
            for (var c = r + 1; c < m; c++)
                sum -= a[r * 3 + c] * x[c];
            x[r] = sum / a[r * 3 + r];
        }
    }
}
