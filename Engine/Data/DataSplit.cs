using NeuralIk.Engine.Numerics;

namespace NeuralIk.Engine.Data;

/// <summary>
/// Row indices of the training, validation and test parts. As the seed: the rows are shuffled with a
/// seed, the first <c>testFraction</c> become the test set, and of the rest the last
/// <c>validationFraction</c> is held out for validation (Keras' validation_split takes the tail).
/// </summary>
public sealed record DataSplit(int[] Train, int[] Validation, int[] Test)
{
    public static DataSplit Create(int count, ulong seed, double testFraction = 0.2, double validationFraction = 0.2)
    {
        if (!(testFraction is >= 0 and < 1) || !(validationFraction is >= 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(testFraction), "fractions must lie in [0, 1)");
        var order = Enumerable.Range(0, count).ToArray();
        new Rng(seed).Shuffle(order.AsSpan());
        var testCount = (int)Math.Round(count * testFraction);
        var rest = order[testCount..];
        var validationCount = (int)Math.Round(rest.Length * validationFraction);
        return new DataSplit(rest[..^validationCount], rest[^validationCount..], order[..testCount]);
    }
}
