namespace NeuralIk.Engine.Kinematics;

public static class Angles
{
    /// <summary>The angle congruent to <paramref name="theta"/> modulo 2π in (−π, π].</summary>
    public static double Wrap(double theta)
    {
        var wrapped = Math.IEEERemainder(theta, 2 * Math.PI);
        return wrapped <= -Math.PI ? wrapped + 2 * Math.PI : wrapped;
    }

    /// <summary>|a − b| modulo 2π, in [0, π].</summary>
    public static double Distance(double a, double b) => Math.Abs(Wrap(a - b));

    /// <summary>The largest joint difference between two poses, each taken modulo 2π, in [0, π].</summary>
    public static double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var d = 0.0;
        for (var i = 0; i < a.Length; i++)
            d = Math.Max(d, Distance(a[i], b[i]));
        return d;
    }
}
