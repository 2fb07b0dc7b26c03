using System.Globalization;
using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Cli;

/// <summary>Values that System.CommandLine cannot check by type alone; each failure is a one-line CliException.</summary>
public static class ArgParsing
{
    public static double Finite(double value, string name) =>
        double.IsFinite(value) ? value : throw new CliException($"{name} must be a finite number, got {value.ToString(CultureInfo.InvariantCulture)}");

    public static int Positive(int value, string name) =>
        value > 0 ? value : throw new CliException($"{name} must be positive, got {value}");

    public static JointLimits Limits(string? text)
    {
        if (text is null)
            return JointLimits.Full;
        try
        {
            return JointLimits.Parse(text);
        }
        catch (FormatException e)
        {
            throw new CliException($"--limits: {e.Message}");
        }
    }

    public static Arm Links(string text)
    {
        var parts = text.Split(',');
        var lengths = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out lengths[i]))
                throw new CliException($"--links: '{parts[i].Trim()}' is not a number (expected e.g. 1,1)");
        }
        if (lengths.Length != 2)
            throw new CliException($"--links: a 2-link arm needs 2 lengths, got {lengths.Length}");
        if (lengths.Any(l => !(l > 0) || !double.IsFinite(l)))
            throw new CliException($"--links: link lengths must be positive, got {text}");
        return new Arm(lengths[0], lengths[1]);
    }
}
