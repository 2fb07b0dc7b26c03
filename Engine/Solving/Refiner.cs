using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Solving;

/// <summary>
/// Levenberg–Marquardt in double precision for any chain and target (<see cref="IRefinable"/>: planar
/// positions and poses, spatial positions and poses), projected onto the limits (full-circle joints wrap
/// instead of stopping at ±π). With m error rows and N joints it solves the smaller system: for m ≤ N,
/// Δθ = Jᵀ (J Jᵀ + λI)⁻¹ e, so redundant chains take the least-norm step; for m > N (a short chain and a full
/// pose), Δθ = (JᵀJ + λI)⁻¹ Jᵀ e. From a close guess it converges quadratically (2–3 steps); near a singular
/// pose (a stretched arm) the damping keeps the steps bounded.
/// </summary>
public static class Refiner
{
    const int MaxRows = 6;
    // Row stride of the normal matrix: room for N ≤ 8 joints.
    internal const int Stride = 8;

    public readonly record struct Result(double Residual, int Iterations);

    /// <summary>
    /// Refines <paramref name="theta"/> in place; returns the final residual (arm units) and steps taken.
    /// </summary>
    public static Result Refine(PlanarChain chain, Pose2 target, TaskBounds kind, Span<double> theta,
        double tolerance, int maxIterations) =>
        Refine(new PlanarTarget(chain, target, kind), theta, tolerance, maxIterations);

    /// <summary>The same for any problem; compiled once per struct type, so the planar case keeps its speed.</summary>
    // Every scratch span is written before it is read: no need to clear them on each of millions of calls.
    [SkipLocalsInit]
    public static Result Refine<T>(T problem, Span<double> theta, double tolerance, int maxIterations)
        where T : struct, IRefinable
    {
        var (n, m) = (problem.Joints, problem.Rows);
        problem.Represent(theta);
        problem.Project(theta);
        Span<double> j = stackalloc double[MaxRows * n];
        Span<double> atTheta = stackalloc double[MaxRows * n];
        Span<double> atTrial = stackalloc double[MaxRows * n];
        Span<double> e = stackalloc double[MaxRows];
        Span<double> trial = stackalloc double[n];
        Span<double> a = stackalloc double[Stride * Stride];
        Span<double> rhs = stackalloc double[Stride];
        Span<double> y = stackalloc double[Stride];
        Span<double> trialError = stackalloc double[MaxRows];
        Span<double> free = stackalloc double[n];
        Span<double> left = stackalloc double[MaxRows];
        Span<bool> clamped = stackalloc bool[n];
        var residual = problem.Linearize(theta, e, atTheta);
        var scale = problem.Scale * problem.Scale;
        var lambda = 1e-6 * scale;
        var iterations = 0;
        // Each trial is linearized as it is evaluated (one walk of the chain for e and J); a rejected step leaves θ
        // where it was, and with it J (atTheta). Step zeroes the columns of clamped joints in its copy.
        while (residual > tolerance && iterations < maxIterations)
        {
            iterations++;
            atTheta[..(m * n)].CopyTo(j);
            Step(j, e, m, n, lambda, a, rhs, y, theta, trial, free, left, clamped, ref problem);
            var next = problem.Linearize(trial, trialError, atTrial);
            if (next < residual)
            {
                trial.CopyTo(theta);
                trialError.CopyTo(e);
                var kept = atTheta;
                atTheta = atTrial;
                atTrial = kept;
                residual = next;
                lambda = Math.Max(lambda * 0.1, 1e-30);
            }
            else if ((lambda *= 10) > 1e6 * scale)
            {
                break;
            }
        }
        return new Result(residual, iterations);
    }

    // trial = Project(θ + Δθ) for the damped step of J on e. A joint the projection stops at a limit keeps its
    // projected move, and the others are solved again once for what that leaves of e (its column zeroed), so they
    // make up for it instead of the damping growing. Wraps of full-circle joints (by multiples of 2π) are not
    // clamps. free, left and clamped are scratch of N, m and N values; the common case (no clamp) touches only
    // free.
    static void Step<T>(Span<double> j, ReadOnlySpan<double> e, int m, int n, double lambda, Span<double> a,
        Span<double> rhs, Span<double> y, ReadOnlySpan<double> theta, Span<double> trial, Span<double> free,
        Span<double> left, Span<bool> clamped, ref T problem)
        where T : struct, IRefinable
    {
        Normal(j, e, m, n, lambda, a, rhs);
        Solve(a, rhs, y, Math.Min(m, n));
        for (var c = 0; c < n; c++)
            free[c] = trial[c] = theta[c] + Delta(j, y, m, n, c);
        problem.Project(trial);
        var any = false;
        for (var c = 0; c < n; c++)
        {
            clamped[c] = trial[c] != free[c]
                && Math.Abs(Math.IEEERemainder(trial[c] - free[c], 2 * Math.PI)) > 1e-12;
            any |= clamped[c];
        }
        if (!any)
            return;
        e[..m].CopyTo(left);
        for (var c = 0; c < n; c++)
        {
            if (!clamped[c])
                continue;
            for (var r = 0; r < m; r++)
            {
                left[r] -= j[r * n + c] * (trial[c] - theta[c]);
                j[r * n + c] = 0;
            }
        }
        Normal(j, left, m, n, lambda, a, rhs);
        Solve(a, rhs, y, Math.Min(m, n));
        for (var c = 0; c < n; c++)
        {
            if (!clamped[c])
                trial[c] = theta[c] + Delta(j, y, m, n, c);
        }
        problem.Project(trial);
    }

    // Joint c's step from the solved system: m ≤ N: Δθ = Jᵀ y; m > N: the solution is the step itself.
    static double Delta(ReadOnlySpan<double> j, ReadOnlySpan<double> y, int m, int n, int c)
    {
        if (m > n)
            return y[c];
        var step = 0.0;
        for (var r = 0; r < m; r++)
            step += j[r * n + c] * y[r];
        return step;
    }

    // The damped normal system of the smaller side: m ≤ N: A = J Jᵀ + λI (m×m), b = e; else A = JᵀJ + λI (N×N),
    // b = Jᵀe. A is stored with stride 8; its upper triangle is computed and mirrored (A is symmetric).
    static void Normal(ReadOnlySpan<double> j, ReadOnlySpan<double> e, int m, int n, double lambda, Span<double> a,
        Span<double> b)
    {
        if (m <= n)
        {
            for (var r = 0; r < m; r++)
            {
                var jr = j.Slice(r * n, n);
                for (var c = r; c < m; c++)
                {
                    var jc = j.Slice(c * n, n);
                    var sum = r == c ? lambda : 0;
                    for (var k = 0; k < jr.Length && k < jc.Length; k++)
                        sum += jr[k] * jc[k];
                    a[r * Stride + c] = a[c * Stride + r] = sum;
                }
                b[r] = e[r];
            }
            return;
        }
        for (var r = 0; r < n; r++)
        {
            for (var c = r; c < n; c++)
            {
                var sum = r == c ? lambda : 0;
                for (var k = 0; k < m; k++)
                    sum += j[k * n + r] * j[k * n + c];
                a[r * Stride + c] = a[c * Stride + r] = sum;
            }
            var g = 0.0;
            for (var k = 0; k < m; k++)
                g += j[k * n + r] * e[k];
            b[r] = g;
        }
    }

    // A x = b for the k×k system (k ≤ 8, stride 8; b is overwritten). A is symmetric positive definite: for k = 2
    // (every step of the 2-link arm) Cramer's rule, else LDLᵀ (a third of elimination's work, no pivot search);
    // where rounding leaves a pivot that is not positive (a nearly singular pose with little damping), Gaussian
    // elimination with partial pivoting, as before LDLᵀ.
    internal static void Solve(Span<double> a, Span<double> b, Span<double> x, int k)
    {
        if (k == 2)
        {
            var det = a[0] * a[Stride + 1] - a[1] * a[Stride];
            x[0] = (a[Stride + 1] * b[0] - a[1] * b[1]) / det;
            x[1] = (a[0] * b[1] - a[Stride] * b[0]) / det;
            return;
        }
        if (Ldlt(a, b, x, k))
            return;
        for (var r = 1; r < k; r++)
        {
            for (var c = 0; c < r; c++)
                a[r * Stride + c] = a[c * Stride + r];
        }
        for (var col = 0; col < k; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < k; r++)
            {
                if (Math.Abs(a[r * Stride + col]) > Math.Abs(a[pivot * Stride + col]))
                    pivot = r;
            }
            if (pivot != col)
            {
                for (var c = 0; c < k; c++)
                    (a[col * Stride + c], a[pivot * Stride + c]) = (a[pivot * Stride + c], a[col * Stride + c]);
                (b[col], b[pivot]) = (b[pivot], b[col]);
            }
            for (var r = col + 1; r < k; r++)
            {
                var f = a[r * Stride + col] / a[col * Stride + col];
                for (var c = col; c < k; c++)
                    a[r * Stride + c] -= f * a[col * Stride + c];
                b[r] -= f * b[col];
            }
        }
        for (var r = k - 1; r >= 0; r--)
        {
            var sum = b[r];
            for (var c = r + 1; c < k; c++)
                sum -= a[r * Stride + c] * x[c];
            x[r] = sum / a[r * Stride + r];
        }
    }

    // A = L D Lᵀ (L unit lower triangular, written over A's strict lower part; the upper triangle, diagonal included,
    // stays A's), then L z = b, D w = z, Lᵀ x = w: no square roots, one division per row. False, with b untouched,
    // where a pivot is not positive. Indexed by reference: the sizes are the caller's (k ≤ Stride).
    [SkipLocalsInit]
    static bool Ldlt(Span<double> a, ReadOnlySpan<double> b, Span<double> x, int k)
    {
        Span<double> inverse = stackalloc double[Stride];
        ref var m = ref MemoryMarshal.GetReference(a);
        ref var d = ref MemoryMarshal.GetReference(inverse);
        ref var z = ref MemoryMarshal.GetReference(x);
        Span<double> scaled = stackalloc double[Stride]; // row i's L[i, p] · d[p]
        ref var ld = ref MemoryMarshal.GetReference(scaled);
        for (var i = 0; i < k; i++)
        {
            ref var row = ref Unsafe.Add(ref m, i * Stride);
            var pivot = Unsafe.Add(ref row, i);
            for (var c = 0; c < i; c++)
            {
                ref var other = ref Unsafe.Add(ref m, c * Stride);
                var sum = Unsafe.Add(ref other, i);
                for (var p = 0; p < c; p++)
                    sum -= Unsafe.Add(ref ld, p) * Unsafe.Add(ref other, p);
                Unsafe.Add(ref ld, c) = sum;
                var l = sum * Unsafe.Add(ref d, c);
                Unsafe.Add(ref row, c) = l;
                pivot -= l * sum;
            }
            if (!(pivot > 0))
                return false;
            Unsafe.Add(ref d, i) = 1 / pivot;
        }
        for (var i = 0; i < k; i++)
        {
            ref var row = ref Unsafe.Add(ref m, i * Stride);
            var sum = b[i];
            for (var p = 0; p < i; p++)
                sum -= Unsafe.Add(ref row, p) * Unsafe.Add(ref z, p);
            Unsafe.Add(ref z, i) = sum;
        }
        for (var i = k - 1; i >= 0; i--)
        {
            var sum = Unsafe.Add(ref z, i) * Unsafe.Add(ref d, i);
            for (var p = i + 1; p < k; p++)
                sum -= Unsafe.Add(ref m, p * Stride + i) * Unsafe.Add(ref z, p);
            Unsafe.Add(ref z, i) = sum;
        }
        return true;
    }
}
