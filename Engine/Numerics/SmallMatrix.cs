namespace NeuralIk.Engine.Numerics;

/// <summary>
/// Dense linear algebra for the small symmetric systems of a least-squares fit (tens of unknowns), in double:
/// a Cholesky solve for the normal equations and Jacobi's eigenvalue method. Matrices are row-major n×n spans.
/// </summary>
public static class SmallMatrix
{
    /// <summary>
    /// Solves A x = b for a symmetric positive definite A[n, n] in place of <paramref name="b"/>; A is
    /// overwritten by its Cholesky factor. False when A is not positive definite (a pivot ≤ 0).
    /// </summary>
    public static bool CholeskySolve(Span<double> a, Span<double> b)
    {
        var n = b.Length;
        for (var j = 0; j < n; j++)
        {
            var d = a[j * n + j];
            for (var k = 0; k < j; k++)
                d -= a[j * n + k] * a[j * n + k];
            if (!(d > 0))
                return false;
            d = Math.Sqrt(d);
            a[j * n + j] = d;
            for (var i = j + 1; i < n; i++)
            {
                var s = a[i * n + j];
                for (var k = 0; k < j; k++)
                    s -= a[i * n + k] * a[j * n + k];
                a[i * n + j] = s / d;
            }
        }
        // L y = b, then Lᵀ x = y.
        for (var i = 0; i < n; i++)
        {
            var s = b[i];
            for (var k = 0; k < i; k++)
                s -= a[i * n + k] * b[k];
            b[i] = s / a[i * n + i];
        }
        for (var i = n - 1; i >= 0; i--)
        {
            var s = b[i];
            for (var k = i + 1; k < n; k++)
                s -= a[k * n + i] * b[k];
            b[i] = s / a[i * n + i];
        }
        return true;
    }

    /// <summary>
    /// Eigenvalues and unit eigenvectors of a symmetric A[n, n] by cyclic Jacobi rotations: A is destroyed,
    /// <paramref name="values"/>[n] gets the eigenvalues in descending order and <paramref name="vectors"/>[n, n]
    /// the matching eigenvectors as columns.
    /// </summary>
    public static void SymmetricEigen(Span<double> a, Span<double> values, Span<double> vectors)
    {
        var n = values.Length;
        vectors.Clear();
        for (var i = 0; i < n; i++)
            vectors[i * n + i] = 1;
        for (var sweep = 0; sweep < 100 && OffDiagonal(a, n) > 1e-30 * Diagonal(a, n); sweep++)
        {
            for (var p = 0; p < n - 1; p++)
            {
                for (var q = p + 1; q < n; q++)
                    Rotate(a, vectors, n, p, q);
            }
        }
        for (var i = 0; i < n; i++)
            values[i] = a[i * n + i];
        // Selection sort, descending, moving the vectors with their values.
        for (var i = 0; i < n - 1; i++)
        {
            var best = i;
            for (var j = i + 1; j < n; j++)
            {
                if (values[j] > values[best])
                    best = j;
            }
            if (best == i)
                continue;
            (values[i], values[best]) = (values[best], values[i]);
            for (var r = 0; r < n; r++)
                (vectors[r * n + i], vectors[r * n + best]) = (vectors[r * n + best], vectors[r * n + i]);
        }
    }

    // One rotation in the (p, q) plane that zeroes A[p, q] (Golub & Van Loan's symmetric Schur decomposition).
    static void Rotate(Span<double> a, Span<double> v, int n, int p, int q)
    {
        var apq = a[p * n + q];
        if (apq == 0)
            return;
        var theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        var t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
        if (theta == 0)
            t = 1;
        var c = 1 / Math.Sqrt(t * t + 1);
        var s = t * c;
        for (var k = 0; k < n; k++)
        {
            var (akp, akq) = (a[k * n + p], a[k * n + q]);
            a[k * n + p] = c * akp - s * akq;
            a[k * n + q] = s * akp + c * akq;
        }
        for (var k = 0; k < n; k++)
        {
            var (apk, aqk) = (a[p * n + k], a[q * n + k]);
            a[p * n + k] = c * apk - s * aqk;
            a[q * n + k] = s * apk + c * aqk;
        }
        for (var k = 0; k < n; k++)
        {
            var (vkp, vkq) = (v[k * n + p], v[k * n + q]);
            v[k * n + p] = c * vkp - s * vkq;
            v[k * n + q] = s * vkp + c * vkq;
        }
    }

    static double OffDiagonal(ReadOnlySpan<double> a, int n)
    {
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
                sum += i == j ? 0 : a[i * n + j] * a[i * n + j];
        }
        return sum;
    }

    static double Diagonal(ReadOnlySpan<double> a, int n)
    {
        var sum = 0.0;
        for (var i = 0; i < n; i++)
            sum += a[i * n + i] * a[i * n + i];
        return Math.Max(sum, double.Epsilon);
    }
}
