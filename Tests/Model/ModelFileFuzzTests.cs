using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using NeuralIk.Engine.Model;
using NeuralIk.Tests.Solving;
using Xunit;
using Xunit.Abstractions;

namespace NeuralIk.Tests.Model;

/// <summary>
/// A real model file, damaged at random: every case must either be rejected with a
/// <see cref="ModelFormatException"/> naming the file, or load to a model that saves back to the
/// original bytes. Any other exception (or an allocation the file cannot justify) fails the test.
/// Cases: NEURALIK_FUZZ_CASES (default 10,000).
/// </summary>
public class ModelFileFuzzTests(ITestOutputHelper output)
{
    public enum Kind { Flip, Truncate, Extend, HeaderEdit }

    public sealed record Damage(Kind Kind, int Position, byte Value, int Count);

    static Gen<Damage> Damages(int length, int headerEnd) =>
        from kind in Gen.Elements(Kind.Flip, Kind.Truncate, Kind.Extend, Kind.HeaderEdit)
        from position in kind == Kind.HeaderEdit ? Gen.Choose(8, headerEnd - 1) : Gen.Choose(0, length - 1)
        from value in Gen.Elements<byte>([.. "0123456789{}[]\",:-. eEaZ"u8.ToArray(), 0x00, 0xFF, 0x80])
        from count in Gen.Choose(1, 64)
        select new Damage(kind, position, value, count);

    static byte[] Apply(byte[] original, Damage d)
    {
        switch (d.Kind)
        {
            case Kind.Truncate:
                return original[..d.Position];
            case Kind.Extend:
                return [.. original, .. Enumerable.Repeat(d.Value, d.Count)];
            default:
                var copy = original.ToArray();
                copy[d.Position] = d.Kind == Kind.Flip ? (byte)(copy[d.Position] ^ (d.Value | 1)) : d.Value;
                return copy;
        }
    }

    [Fact]
    public void Damaged_model_files_are_rejected_or_load_identically()
    {
        var original = SolverFixture.Default.Value.Model.Serialize();
        var headerEnd = 8 + (int)BitConverter.ToUInt64(original, 0);
        var cases = int.TryParse(Environment.GetEnvironmentVariable("NEURALIK_FUZZ_CASES"),
            CultureInfo.InvariantCulture, out var n) ? n : 10_000;
        int rejected = 0, identical = 0;
        var property = Prop.ForAll(Damages(original.Length, headerEnd).ToArbitrary(), damage =>
        {
            var bytes = Apply(original, damage);
            try
            {
                var model = IkModel.Parse(bytes, "fuzz.safetensors");
                Assert.True(model.Serialize().AsSpan().SequenceEqual(original), $"{damage} loaded a different model");
                identical++;
            }
            catch (ModelFormatException e)
            {
                Assert.StartsWith("fuzz.safetensors: ", e.Message, StringComparison.Ordinal);
                rejected++;
            }
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(cases), property);
        output.WriteLine($"{cases:N0} damaged files: {rejected:N0} rejected, {identical:N0} loaded identically");
        Assert.Equal(cases, rejected + identical);
    }
}
