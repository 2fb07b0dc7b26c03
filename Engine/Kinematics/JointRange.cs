using System.Globalization;

namespace NeuralIk.Engine.Kinematics;

/// <summary>
/// One joint's range, for every arm: the closed range [Lo, Hi] in radians (metres for a prismatic joint), or a
/// continuous joint, which turns without limits (its Lo, Hi are −π, π: where its angles are drawn and wrapped to).
/// </summary>
public readonly record struct JointRange(double Lo, double Hi, bool Continuous = false)
{
    /// <summary>A planar joint's default: the whole circle as a range, wrapped at its ends.</summary>
    public static readonly JointRange Full = new(-Math.PI, Math.PI);

    /// <summary>A joint without limits (URDF's continuous joint).</summary>
    public static readonly JointRange Unlimited = new(-Math.PI, Math.PI, Continuous: true);

    public bool Contains(double theta, double slack = 0) =>
        Continuous || (theta >= Lo - slack && theta <= Hi + slack);

    /// <summary>The middle of the range: where a search starts.</summary>
    public double Middle => (Lo + Hi) / 2;

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
    public static JointRange[] ParseList(string text) => [.. text.Split(';').Select((joint, i) => Parse(joint, i + 1))];

    /// <summary>The inverse of <see cref="ParseList"/>, round-trip exact.</summary>
    public static string Format(IEnumerable<JointRange> ranges) =>
        string.Join(';', ranges.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Lo:R},{r.Hi:R}")));

    static JointRange Parse(string text, int joint)
    {
        var parts = text.Split(',');
        if (parts.Length != 2
            || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lo)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var hi))
            throw new FormatException($"joint {joint} limits '{text}' are not two numbers lo,hi");
        if (!double.IsFinite(lo) || !double.IsFinite(hi) || lo > hi || hi - lo > 2 * Math.PI + 1e-9)
            throw new FormatException($"joint {joint} limits [{lo}, {hi}] need lo ≤ hi, finite, spanning at most 2π");
        return new JointRange(lo, hi);
    }
}

/// <summary>Limits of both joints of a 2-link arm; the default is the full circle for each.</summary>
public sealed record JointLimits(JointRange Joint1, JointRange Joint2)
{
    public static readonly JointLimits Full = new(JointRange.Full, JointRange.Full);

    public bool Contains(double theta1, double theta2, double slack = 0) =>
        Joint1.Contains(theta1, slack) && Joint2.Contains(theta2, slack);

    public JointRange[] Ranges => [Joint1, Joint2];

    public override string ToString() => JointRange.Format(Ranges);
}
