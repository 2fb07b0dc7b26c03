using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;
using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Cli;

/// <summary>
/// Values that System.CommandLine cannot check by type alone; each failure is a one-line CliException.
/// </summary>
public static class ArgParsing
{
    /// <summary>
    /// Makes every numeric argument and option of <paramref name="command"/> parse as an invariant-culture
    /// number with no group separators: "1,5" is an error, not 15 (System.CommandLine allows thousands
    /// separators), and a token such as "--elbw" is named as an unknown option rather than read as a number.
    /// </summary>
    public static void StrictNumbers(Command command)
    {
        foreach (var argument in command.Arguments)
            Strict(argument);
        foreach (var option in command.Options)
            Strict(option);
    }

    static void Strict(Symbol symbol)
    {
        switch (symbol)
        {
            case Argument<double> a: a.CustomParser = r => Number<double>(r) ?? 0; break;
            case Argument<double?> a: a.CustomParser = Number<double>; break;
            case Option<double?> o: o.CustomParser = Number<double>; break;
            case Option<float?> o: o.CustomParser = Number<float>; break;
            case Option<int> o: o.CustomParser = r => Number<int>(r) ?? 0; break;
            case Option<int?> o: o.CustomParser = Number<int>; break;
            case Option<ulong> o: o.CustomParser = r => Number<ulong>(r) ?? 0; break;
        }
    }

    static T? Number<T>(ArgumentResult result) where T : struct, INumber<T>, IMinMaxValue<T>
    {
        var name = result.Parent is OptionResult o ? o.Option.Name : result.Argument.Name;
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        var styles = typeof(T) == typeof(double)
            || typeof(T) == typeof(float) ? NumberStyles.Float : NumberStyles.Integer;
        if (T.TryParse(text, styles, CultureInfo.InvariantCulture, out var value))
            return value;
        // A whole number out of the type's range (a negative seed, 3,000,000,000 samples) is a number all the same.
        if (styles == NumberStyles.Integer && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture,
                out _))
        {
            result.AddError(string.Create(CultureInfo.InvariantCulture,
                $"{name} must be a whole number from {T.MinValue} to {T.MaxValue}, got {text}"));
            return null;
        }
        result.AddError(text.StartsWith("--", StringComparison.Ordinal) || text.Length > 1 && text[0] == '-'
            && char.IsLetter(text[1])
            ? $"unknown option {text}"
            : $"{name}: '{text}' is not a number (use a point for decimals and no thousands separators, e.g. 1.5)");
        return null;
    }

    /// <summary>The first of <paramref name="options"/> given on the command line rather than by default.</summary>
    public static Option? Given(ParseResult r, params Option[] options) =>
        options.FirstOrDefault(o => r.GetResult(o) is { Implicit: false });

    /// <summary>An option's comma-separated finite numbers (null when not given).</summary>
    public static double[]? Numbers(string? text, string name)
    {
        if (text is null)
            return null;
        var parts = text.Split(',');
        var values = new double[parts.Length];
        return parts.Select((p, i) => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture,
            out values[i]) && double.IsFinite(values[i])).All(ok => ok) ? values
            : throw new CliException($"{name}: '{text}' is not finite numbers separated by commas");
    }

    public static double Finite(double value, string name) =>
        double.IsFinite(value)
            ? value
            : throw new CliException(Say.Invariant($"{name} must be a finite number, got {value}"));

    public static int Positive(int value, string name) =>
        value > 0 ? value : throw new CliException($"{name} must be positive, got {value}");

    /// <summary>
    /// A chain from "--links L1,L2,…" (2 to 8 lengths) and "--limits lo1,hi1;lo2,hi2;…" (one range per joint, or none
    /// for the full circle).
    /// </summary>
    public static PlanarChain Chain(string links, string? limits)
    {
        var parts = links.Split(',');
        var lengths = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out lengths[i]))
                throw new CliException($"--links: '{parts[i].Trim()}' is not a number (expected e.g. 1,0.8,0.5)");
        }
        if (lengths.Length is < 2 or > 8)
            throw new CliException($"--links: a chain has 2 to 8 links, got {lengths.Length}");
        if (lengths.Any(l => !(l > 0) || !double.IsFinite(l)))
            throw new CliException($"--links: link lengths must be positive, got {links}");
        if (limits is null)
            return new PlanarChain(lengths);
        JointRange[] ranges;
        try
        {
            ranges = JointRange.ParseList(limits);
        }
        catch (FormatException e)
        {
            throw new CliException($"--limits: {e.Message}");
        }
        if (ranges.Length != lengths.Length)
        {
            throw new CliException(
                $"--limits: {lengths.Length} links need {lengths.Length} ranges \"lo1,hi1;lo2,hi2;…\", " +
                $"got {ranges.Length}");
        }
        return new PlanarChain(lengths, ranges);
    }
}
