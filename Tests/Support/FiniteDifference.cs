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
}
