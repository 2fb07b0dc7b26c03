using NeuralIk.Engine.Numerics;
using Xunit;

namespace NeuralIk.Tests.Numerics;

public class RngTests
{
    [Fact]
    public void Same_seed_gives_same_sequence_and_different_seed_differs()
    {
        var a = new Rng(7);
        var b = new Rng(7);
        var c = new Rng(8);
        var same = true;
        var differs = false;
        for (var i = 0; i < 100; i++)
        {
            var x = a.NextUInt64();
            same &= x == b.NextUInt64();
            differs |= x != c.NextUInt64();
        }
        Assert.True(same);
        Assert.True(differs);
    }

    [Fact]
    public void NextInt_is_in_range_and_roughly_uniform()
    {
        var rng = new Rng(1);
        var counts = new int[7];
        const int draws = 70_000;
        for (var i = 0; i < draws; i++)
            counts[rng.NextInt(7)]++;
        // Each bucket expects 10,000; 5 sigma of a binomial(70000, 1/7) is about 463.
        Assert.All(counts, n => Assert.InRange(n, 10_000 - 463, 10_000 + 463));
    }

    [Fact]
    public void Shuffle_is_a_permutation()
    {
        var items = Enumerable.Range(0, 1000).ToArray();
        new Rng(3).Shuffle(items.AsSpan());
        Assert.NotEqual(Enumerable.Range(0, 1000), items);
        Assert.Equal(Enumerable.Range(0, 1000), items.Order());
    }
}
