using System.Globalization;

namespace NeuralIk.Engine.Kinematics;

/// <summary>Closed range [Lo, Hi] of one joint angle, in radians.</summary>
public readonly record struct AngleRange(double Lo, double Hi)
{
    public static readonly AngleRange Full = new(-Math.PI, Math.PI);

    public bool Contains(double theta, double slack = 0) => theta >= Lo - slack && theta <= Hi + slack;

    public double Clamp(double theta) => Math.Clamp(theta, Lo, Hi);

    /// <summary>
    /// A range covering the whole circle: the joint turns freely, so angles wrap rather than stop at the ends.
    /// </summary>
    public bool IsFullCircle => Hi - Lo >= 2 * Math.PI - 1e-12;

    /// <summary>
    /// Into the range: θ itself when inside, else wrapped for a full-circle joint and clamped otherwise.
    /// </summary>
    public double Project(double theta) => Contains(theta) ? theta
        : IsFullCircle ? Represent(Angles.Wrap(theta - Lo - Math.PI) + Lo + Math.PI) : Clamp(theta);

    /// <summary>
    /// θ itself when in range, else the angle congruent to it modulo 2π that is, else θ wrapped to (−π, π].
    /// </summary>
    public double Represent(double theta)
    {
        if (Contains(theta))
            return theta;
        var candidate = theta + Math.Ceiling((Lo - theta) / (2 * Math.PI)) * 2 * Math.PI;
        return Contains(candidate) ? candidate : Angles.Wrap(theta);
    }

    /// <summary>Parses "lo1,hi1;lo2,hi2;…" (radians), one range per joint.</summary>
    public static AngleRange[] ParseList(string text) => [.. text.Split(';').Select((joint, i) => Parse(joint, i + 1))];

    /// <summary>The inverse of <see cref="ParseList"/>, round-trip exact.</summary>
    public static string Format(IEnumerable<AngleRange> ranges) =>
        string.Join(';', ranges.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Lo:R},{r.Hi:R}")));

    static AngleRange Parse(string text, int joint)
    {
        var parts = text.Split(',');
        if (parts.Length != 2
            || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lo)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var hi))
            throw new FormatException($"joint {joint} limits '{text}' are not two numbers lo,hi");
        if (!double.IsFinite(lo) || !double.IsFinite(hi) || lo > hi || hi - lo > 2 * Math.PI + 1e-9)
            throw new FormatException($"joint {joint} limits [{lo}, {hi}] need lo ≤ hi, finite, spanning at most 2π");
        return new AngleRange(lo, hi);
    }
}

/// <summary>Limits of both joints of a 2-link arm; the default is the full circle for each.</summary>
public sealed record JointLimits(AngleRange Joint1, AngleRange Joint2)
{
    public static readonly JointLimits Full = new(AngleRange.Full, AngleRange.Full);

    public bool Contains(double theta1, double theta2, double slack = 0) =>
        Joint1.Contains(theta1, slack) && Joint2.Contains(theta2, slack);

    public bool IsFull => this == Full;

    public AngleRange[] Ranges => [Joint1, Joint2];

    /// <summary>Parses "lo1,hi1;lo2,hi2" (radians).</summary>
    public static JointLimits Parse(string text)
    {
        var ranges = AngleRange.ParseList(text);
        if (ranges.Length != 2)
            throw new FormatException($"limits '{text}' need two joints as \"lo1,hi1;lo2,hi2\"");
        return new JointLimits(ranges[0], ranges[1]);
    }

    public override string ToString() => AngleRange.Format(Ranges);
}
