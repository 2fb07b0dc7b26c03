namespace NeuralIk.Tests.Support;

public static class FiniteDifference
{
    /// <summary>Central difference of f at x[index] in double: (f(x + h) − f(x − h)) / 2h.</summary>
    public static double Central(double[] x, int index, Func<double> f, double h = 1e-6)
    {
        var saved = x[index];
        x[index] = saved + h;
        var plus = f();
        x[index] = saved - h;
        var minus = f();
        x[index] = saved;
        return (plus - minus) / (2 * h);
    }

    /// <summary>
    /// The largest gap between a chain's linear Jacobian rows at q and central differences of its tip's position.
    /// </summary>
    public static double PositionRowsGap(NeuralIk.Engine.Kinematics.IChain chain, double[] q, double[] jacobian)
    {
        var (n, gap) = (chain.Count, 0.0);
        chain.Jacobian(q, jacobian);
        for (var c = 0; c < n; c++)
        {
            var (plus, minus) = ((double[])q.Clone(), (double[])q.Clone());
            (plus[c], minus[c]) = (q[c] + 1e-6, q[c] - 1e-6);
            var d = (1 / 2e-6) * (chain.Forward(plus).P - chain.Forward(minus).P);
            gap = Math.Max(gap, Math.Max(Math.Abs(d.X - jacobian[c]), Math.Max(Math.Abs(d.Y - jacobian[n + c]),
                Math.Abs(d.Z - jacobian[2 * n + c]))));
        }
        return gap;
    }
}
