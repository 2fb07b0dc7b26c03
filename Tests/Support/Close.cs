using System.Globalization;
using System.Text;
using NeuralIk.Engine.Model;
using Xunit.Sdk;

namespace NeuralIk.Tests.Support;

/// <summary>
/// Element-wise comparison that, on failure, says what differs: name, worst index, max abs diff, first pairs.
/// </summary>
public static class Close
{
    /// <summary>Fails where |expected − actual| &gt; tolerance[i].</summary>
    public static void All(string name, ReadOnlySpan<double> expected, ReadOnlySpan<float> actual,
        ReadOnlySpan<double> tolerance)
    {
        if (expected.Length != actual.Length)
            throw new XunitException($"{name}: length {actual.Length}, expected {expected.Length}");
        var bad = new StringBuilder();
        int failures = 0, worst = -1;
        var maxDiff = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            var diff = Math.Abs(expected[i] - actual[i]);
            if (double.IsNaN(actual[i]) != double.IsNaN(expected[i]) || diff > tolerance[i])
            {
                if (failures++ < 5)
                    bad.Append(CultureInfo.InvariantCulture,
                        $"\n  [{i}] expected {expected[i]:R}, got {actual[i]:R} (tolerance {tolerance[i]:G3})");
                if (!(diff <= maxDiff))
                {
                    maxDiff = diff;
                    worst = i;
                }
            }
        }
        if (failures > 0)
            throw new XunitException(string.Create(CultureInfo.InvariantCulture,
                $"{name}: {failures} of {expected.Length} differ, max abs diff {maxDiff:G4} at [{worst}]{bad}"));
    }

    public static void All(string name, ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double relative,
        double absolute)
    {
        var tolerance = new double[expected.Length];
        for (var i = 0; i < tolerance.Length; i++)
            tolerance[i] = absolute + relative * Math.Abs(expected[i]);
        All(name, expected, actual, tolerance);
    }

    public static void All(string name, ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double relative,
        double absolute)
    {
        var e = new double[expected.Length];
        for (var i = 0; i < e.Length; i++)
            e[i] = expected[i];
        All(name, e, actual, relative, absolute);
    }

    /// <summary>Fails unless two networks hold the same parameters, bit for bit.</summary>
    public static void BitExact(string name, Mlp expected, Mlp actual)
    {
        var (a, b) = (new float[expected.ParameterCount], new float[actual.ParameterCount]);
        expected.CopyParametersTo(a);
        actual.CopyParametersTo(b);
        BitExact(name, a, b);
    }

    public static void BitExact(string name, ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        if (expected.Length != actual.Length)
            throw new XunitException($"{name}: length {actual.Length}, expected {expected.Length}");
        for (var i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                throw new XunitException(string.Create(CultureInfo.InvariantCulture,
                    $"{name}: first difference at [{i}]: expected {expected[i]:R}, got {actual[i]:R}"));
        }
    }
}
