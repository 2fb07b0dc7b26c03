using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Numerics;

namespace NeuralIk.Engine.Calibration;

/// <summary>
/// Robust Levenberg–Marquardt over a <see cref="GeometryModel"/>'s chosen parameters. Each sample's error is
/// e = |r|_S, its residual (measured − predicted: the position, and the rotation vector of R_meas·R_predᵀ) scaled
/// by the data's own spread (σ per kind, from the median residual); the cost is Huber's on e (quadratic to 3,
/// linear beyond) plus a Gaussian prior pulling a parameter toward nominal where one is given. After each fit the
/// samples beyond 10 (11 with orientations; a sag no geometry expresses has tails) are set aside as outliers and
/// the fit re-run, until they stay the same.
/// The Jacobian is by central differences, each block's step taken between the chain's prefix and suffix products.
/// </summary>
public sealed class GeometryFit
{
    const double Huber = 3, Step = 1e-6;
    // Median of |x| for x a 3- and a 6-dimensional standard normal: σ from a median residual.
    const double Median3 = 1.5382, Median6 = 2.3663;
    readonly GeometryModel _model;
    readonly RecordedPoses _data;
    readonly int[] _free;
    readonly double[] _prior;

    /// <summary>
    /// A fit of <paramref name="data"/> starting from the parameters <paramref name="start"/>, of which those in
    /// <paramref name="free"/> move; <paramref name="prior"/> holds per parameter the σ of a prior toward 0 (∞: none).
    /// </summary>
    public GeometryFit(GeometryModel model, RecordedPoses data, double[] start, int[] free, double[] prior)
    {
        (_model, _data, _free, _prior) = (model, data, free, prior);
        Parameters = (double[])start.Clone();
        Outliers = new bool[data.Count];
    }

    public double[] Parameters { get; }
    public bool[] Outliers { get; }
    /// <summary>The spread of the inliers' position (m) and rotation (rad) residuals.</summary>
    public (double Position, double Rotation) Sigma { get; private set; } = (1, 1);
    /// <summary>Per fitted parameter (in the order given), its standard error under the prior.</summary>
    public double[] StandardErrors { get; private set; } = [];

    public void Run()
    {
        Sigma = Spread();
        for (var round = 0; round < 20; round++)
        {
            var used = Sigma;
            Minimise();
            Sigma = Spread();
            var changed = false;
            var blocks = _model.Frames(Parameters);
            for (var s = 0; s < _data.Count; s++)
            {
                var outlier = Error(s, blocks) > OutlierLimit;
                changed |= outlier != Outliers[s];
                Outliers[s] = outlier;
            }
            Sigma = Spread();
            // The data's weight against the prior is 1/σ²: fit again while σ still moves.
            if (!changed && Math.Abs(Sigma.Position / used.Position - 1) < 0.1
                && Math.Abs(Sigma.Rotation / used.Rotation - 1) < 0.1)
                break;
        }
        StandardErrors = Errors();
    }

    /// <summary>Sample s's residual, measured − predicted: the position, then (with orientations) the rotation.
    /// </summary>
    public void Residual(Frame predicted, int s, Span<double> r)
    {
        var d = _data.Positions[s] - predicted.P;
        (r[0], r[1], r[2]) = (d.X, d.Y, d.Z);
        if (_data.Orientations is not { } o)
            return;
        var w = (o[s] * predicted.Transposed).RotationVector();
        (r[3], r[4], r[5]) = (w.X, w.Y, w.Z);
    }

    /// <summary>Which of <paramref name="other"/>'s samples lie beyond the outlier limit at this fit and its spread.
    /// </summary>
    public bool[] Outlying(RecordedPoses other)
    {
        var judge = new GeometryFit(_model, other, Parameters, [], []) { Sigma = Sigma };
        var blocks = _model.Frames(Parameters);
        return [.. Enumerable.Range(0, other.Count).Select(s => judge.Error(s, blocks) > OutlierLimit)];
    }

    /// <summary>J[rows, columns]: the inliers' residuals (scaled by σ) against the parameters given, stacked.</summary>
    public double[] ScaledJacobian(int[] columns)
    {
        var m = _model.ResidualsPerSample;
        var inliers = Enumerable.Range(0, _data.Count).Where(s => !Outliers[s]).ToArray();
        var all = new double[inliers.Length * m * columns.Length];
        var r = new double[m];
        var rows = new Jacobian(_model, Parameters, columns);
        for (var i = 0; i < inliers.Length; i++)
        {
            var block = all.AsSpan(i * m * columns.Length, m * columns.Length);
            rows.At(this, _data.Joints[inliers[i]], inliers[i], r, block);
            for (var j = 0; j < block.Length; j++)
                block[j] /= j / columns.Length < 3 ? Sigma.Position : Sigma.Rotation;
        }
        return all;
    }

    double OutlierLimit => _model.HasOrientation ? 11.0 : 10.0;

    double Error(int s, ReadOnlySpan<Frame> blocks)
    {
        Span<double> r = stackalloc double[_model.ResidualsPerSample];
        Residual(_model.Forward(blocks, _data.Joints[s]), s, r);
        return Scaled(r);
    }

    double Scaled(ReadOnlySpan<double> r)
    {
        var e = (r[0] * r[0] + r[1] * r[1] + r[2] * r[2]) / (Sigma.Position * Sigma.Position);
        if (r.Length > 3)
            e += (r[3] * r[3] + r[4] * r[4] + r[5] * r[5]) / (Sigma.Rotation * Sigma.Rotation);
        return Math.Sqrt(e);
    }

    (double, double) Spread()
    {
        var blocks = _model.Frames(Parameters);
        var positions = new List<double>();
        var rotations = new List<double>();
        Span<double> r = stackalloc double[_model.ResidualsPerSample];
        for (var s = 0; s < _data.Count; s++)
        {
            if (Outliers[s])
                continue;
            Residual(_model.Forward(blocks, _data.Joints[s]), s, r);
            positions.Add(Math.Sqrt(r[0] * r[0] + r[1] * r[1] + r[2] * r[2]));
            if (r.Length > 3)
                rotations.Add(Math.Sqrt(r[3] * r[3] + r[4] * r[4] + r[5] * r[5]));
        }
        // A floor far below any instrument's noise keeps an exact fit from dividing by zero.
        static double Of(List<double> norms) => norms.Count == 0 ? 1 : Math.Max(1e-12, Median(norms) / Median3);
        return (Of(positions), Of(rotations));
    }

    static double Median(List<double> values)
    {
        values.Sort();
        var m = values.Count / 2;
        return values.Count % 2 == 1 ? values[m] : (values[m - 1] + values[m]) / 2;
    }

    double Cost(ReadOnlySpan<double> p)
    {
        var blocks = _model.Frames(p);
        var cost = 0.0;
        for (var s = 0; s < _data.Count; s++)
        {
            if (Outliers[s])
                continue;
            var e = Error(s, blocks);
            cost += e <= Huber ? e * e / 2 : Huber * e - Huber * Huber / 2;
        }
        foreach (var k in _free)
            cost += p[k] * p[k] / (2 * _prior[k] * _prior[k]);
        return cost;
    }

    void Minimise()
    {
        var n = _free.Length;
        var lambda = 1e-3;
        var cost = Cost(Parameters);
        var trial = new double[Parameters.Length];
        for (var iteration = 0; iteration < 100; iteration++)
        {
            var (h, g) = NormalEquations(Parameters);
            var improved = false;
            while (lambda < 1e12 && !improved)
            {
                var a = (double[])h.Clone();
                var step = new double[n];
                for (var i = 0; i < n; i++)
                {
                    a[i * n + i] += lambda * Math.Max(h[i * n + i], 1e-12);
                    step[i] = -g[i];
                }
                if (!SmallMatrix.CholeskySolve(a, step))
                {
                    lambda *= 10;
                    continue;
                }
                Parameters.CopyTo(trial, 0);
                for (var i = 0; i < n; i++)
                    trial[_free[i]] += step[i];
                var next = Cost(trial);
                if (next < cost)
                {
                    var converged = cost - next < 1e-10 * cost + 1e-14;
                    (cost, improved) = (next, true);
                    trial.CopyTo(Parameters, 0);
                    lambda = Math.Max(lambda / 10, 1e-9);
                    if (converged)
                        return;
                }
                else
                    lambda *= 10;
            }
            if (!improved)
                return;
        }
    }

    // H = Σ w Jᵀ S J + Λ and g = Σ w Jᵀ S r + Λ p over the inliers, J = ∂r/∂p for the free parameters.
    (double[] H, double[] G) NormalEquations(double[] p)
    {
        var n = _free.Length;
        var m = _model.ResidualsPerSample;
        var (h, g) = (new double[n * n], new double[n]);
        var jacobian = new double[m * n];
        var r = new double[m];
        var rows = new Jacobian(_model, p, _free);
        for (var s = 0; s < _data.Count; s++)
        {
            if (Outliers[s])
                continue;
            rows.At(this, _data.Joints[s], s, r, jacobian);
            var e = Scaled(r);
            var w = e <= Huber ? 1 : Huber / e;
            for (var i = 0; i < m; i++)
            {
                var scale = w / Math.Pow(i < 3 ? Sigma.Position : Sigma.Rotation, 2);
                for (var a = 0; a < n; a++)
                {
                    var ja = jacobian[i * n + a] * scale;
                    g[a] += ja * r[i];
                    for (var b = 0; b <= a; b++)
                        h[a * n + b] += ja * jacobian[i * n + b];
                }
            }
        }
        for (var a = 0; a < n; a++)
        {
            var k = _free[a];
            h[a * n + a] += 1 / (_prior[k] * _prior[k]);
            g[a] += p[k] / (_prior[k] * _prior[k]);
            for (var b = 0; b < a; b++)
                h[b * n + a] = h[a * n + b];
        }
        return (h, g);
    }

    double[] Errors()
    {
        var n = _free.Length;
        var (h, _) = NormalEquations(Parameters);
        var errors = new double[n];
        for (var i = 0; i < n; i++)
        {
            var a = (double[])h.Clone();
            var unit = new double[n];
            unit[i] = 1;
            errors[i] = SmallMatrix.CholeskySolve(a, unit) ? Math.Sqrt(Math.Max(unit[i], 0)) : double.PositiveInfinity;
        }
        return errors;
    }

    /// <summary>The residual's Jacobian for one sample at a time: J[m, free] by central differences.</summary>
    internal sealed class Jacobian(GeometryModel model, double[] p, int[] free)
    {
        readonly Frame[] _blocks = model.Frames(p);
        readonly Frame[] _plus = [.. free.Select(k => Shifted(model, p, k, Step))];
        readonly Frame[] _minus = [.. free.Select(k => Shifted(model, p, k, -Step))];
        readonly Frame[] _prefix = new Frame[2 * model.Blocks - 2];
        readonly Frame[] _suffix = new Frame[2 * model.Blocks - 2];
        readonly Frame[] _elements = new Frame[2 * model.Blocks - 2];

        static Frame Shifted(GeometryModel model, double[] p, int k, double by)
        {
            var b = k / GeometryModel.BlockSize;
            Span<double> six = stackalloc double[GeometryModel.BlockSize];
            p.AsSpan(b * GeometryModel.BlockSize, GeometryModel.BlockSize).CopyTo(six);
            six[k % GeometryModel.BlockSize] += by;
            return model.Block(b, six);
        }

        // The chain as elements [B₀, B₁, M₁, …, B_N, M_N, B_N+1]: block b sits at 0, 2b − 1 or 2N + 1.
        public void At(GeometryFit fit, ReadOnlySpan<double> q, int s, Span<double> r, Span<double> jacobian)
        {
            var last = _elements.Length - 1;
            _elements[0] = _blocks[0];
            for (var i = 0; i < q.Length; i++)
                (_elements[2 * i + 1], _elements[2 * i + 2]) = (_blocks[i + 1], model.Nominal.Joints[i].Motion(q[i]));
            _elements[last] = _blocks[^1];
            _prefix[0] = Frame.Identity;
            for (var e = 1; e <= last; e++)
                _prefix[e] = _prefix[e - 1] * _elements[e - 1];
            _suffix[last] = Frame.Identity;
            for (var e = last - 1; e >= 0; e--)
                _suffix[e] = _elements[e + 1] * _suffix[e + 1];
            fit.Residual(_prefix[last] * _elements[last], s, r);
            var m = r.Length;
            Span<double> plus = stackalloc double[m], minus = stackalloc double[m];
            for (var a = 0; a < free.Length; a++)
            {
                var b = free[a] / GeometryModel.BlockSize;
                var e = b == 0 ? 0 : b == model.Blocks - 1 ? last : 2 * b - 1;
                fit.Residual(_prefix[e] * _plus[a] * _suffix[e], s, plus);
                fit.Residual(_prefix[e] * _minus[a] * _suffix[e], s, minus);
                for (var i = 0; i < m; i++)
                    jacobian[i * free.Length + a] = (plus[i] - minus[i]) / (2 * Step);
            }
        }
    }
}
