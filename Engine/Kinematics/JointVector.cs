using System.Runtime.CompilerServices;

namespace NeuralIk.Engine.Kinematics;

/// <summary>
/// The angles of one pose, up to <see cref="Capacity"/> joints, held inline: an answer carries its pose
/// without an allocation, which keeps the batched solve allocation-free for any chain.
/// </summary>
public readonly struct JointVector : IEquatable<JointVector>
{
    public const int Capacity = 8;

    readonly Storage _values;

    public JointVector(ReadOnlySpan<double> values)
    {
        if (values.Length > Capacity)
            throw new ArgumentException($"a pose holds at most {Capacity} joints, got {values.Length}");
        Count = values.Length;
        values.CopyTo(_values);
    }

    /// <summary>A pose of <paramref name="count"/> zero angles.</summary>
    public static JointVector Zero(int count) => new(stackalloc double[count]);

    public int Count { get; }

    public double this[int joint] => (uint)joint < (uint)Count ? _values[joint]
        : throw new ArgumentOutOfRangeException(nameof(joint), $"joint {joint} of a {Count}-joint pose");

    public void CopyTo(Span<double> into) => ((ReadOnlySpan<double>)_values)[..Count].CopyTo(into);

    public double[] ToArray() => ((ReadOnlySpan<double>)_values)[..Count].ToArray();

    /// <summary>The largest joint difference between two poses, each taken modulo 2π, in [0, π].</summary>
    public double DistanceTo(ReadOnlySpan<double> other) =>
        Angles.Distance(((ReadOnlySpan<double>)_values)[..Count], other[..Count]);

    public double DistanceTo(JointVector other) => DistanceTo(((ReadOnlySpan<double>)other._values)[..other.Count]);

    public bool Equals(JointVector other) =>
        ((ReadOnlySpan<double>)_values)[..Count].SequenceEqual(((ReadOnlySpan<double>)other._values)[..other.Count]);

    public override bool Equals(object? obj) => obj is JointVector other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        for (var i = 0; i < Count; i++)
            hash.Add(_values[i]);
        return hash.ToHashCode();
    }

    public static bool operator ==(JointVector a, JointVector b) => a.Equals(b);
    public static bool operator !=(JointVector a, JointVector b) => !a.Equals(b);

    public override string ToString() => $"({string.Join(", ", ToArray())})";

    [InlineArray(Capacity)]
    struct Storage
    {
        double _first;
    }
}
