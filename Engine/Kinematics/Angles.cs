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
}
