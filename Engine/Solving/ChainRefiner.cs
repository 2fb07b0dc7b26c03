using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Solving;

/// <summary>
/// Levenberg–Marquardt for an N-link chain in double precision, on position (m = 2) or full pose
/// (m = 3, orientation error weighted by the reach so both are lengths), projected onto the limits
/// (full-circle joints wrap instead of stopping at ±π):
/// Δθ = Jᵀ (J Jᵀ + λI)⁻¹ e, an m×m solve whatever N, so redundant chains take the least-norm step.
/// </summary>
public static class ChainRefiner
{
    public readonly record struct Result(double Residual, int Iterations);

    /// <summary>
    /// Refines <paramref name="theta"/> in place; returns the final residual (arm units) and steps taken.
    /// </summary>
    public static Result Refine(PlanarChain chain, Pose2 target, TargetKind kind, Span<double> theta,
        double tolerance, int maxIterations)
    {
        var n = chain.Joints;
        var m = kind.Rows;
        for (var i = 0; i < n; i++)
            theta[i] = chain.Limits[i].Project(chain.Limits[i].Represent(theta[i]));
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
                trial[k] = chain.Limits[k].Project(theta[k] + step);
            }
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

    // Gaussian elimination with partial pivoting on an m×m system (m ≤ 3), stride 3.
    static void Solve(Span<double> a, ReadOnlySpan<double> b, Span<double> x, int m)
    {
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
