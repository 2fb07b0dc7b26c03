namespace NeuralIk.Tests.Support;

/// <summary>4×4 homogeneous transforms in plain arrays: an FK oracle independent of the engine's Frame.</summary>
public static class Homogeneous
{
    public static double[,] Identity() =>
        new double[,] { { 1, 0, 0, 0 }, { 0, 1, 0, 0 }, { 0, 0, 1, 0 }, { 0, 0, 0, 1 } };

    public static double[,] Multiply(double[,] a, double[,] b)
    {
        var c = new double[4, 4];
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                for (var k = 0; k < 4; k++)
                    c[i, j] += a[i, k] * b[k, j];
            }
        }
        return c;
    }
}
