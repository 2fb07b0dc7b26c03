using FsCheck;
using FsCheck.Fluent;

namespace NeuralIk.Tests.Support;

/// <summary>Generators shared by the property tests.</summary>
public static class Gens
{
    /// <summary>Uniform over [lo, hi] in a million steps (shrinks toward lo).</summary>
    public static Gen<double> Between(double lo, double hi) => Gen.Choose(0,
        1_000_000).Select(i => lo + (hi - lo) * i / 1_000_000.0);
}
