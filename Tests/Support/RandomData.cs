using NeuralIk.Engine.Numerics;

namespace NeuralIk.Tests.Support;

public static class RandomData
{
    public static float[] Uniform(Rng rng, int count, double lo = -1, double hi = 1)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
            values[i] = (float)rng.Uniform(lo, hi);
        return values;
    }
}
