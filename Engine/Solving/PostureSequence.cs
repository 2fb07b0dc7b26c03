namespace NeuralIk.Engine.Solving;

/// <summary>
/// Postures to try, spread evenly over the d-torus of free-link directions: the additive recurrence
/// a_j = frac(½ + j·(g⁻¹, g⁻², …, g⁻ᵈ)) with g the positive root of gᵈ⁺¹ = g + 1 (Roberts' R_d
/// sequence; the golden ratio for d = 1). Any prefix covers the torus nearly uniformly, so the first
/// few candidates already lie far apart, and the order never depends on anything but j.
/// </summary>
public sealed class PostureSequence
{
    readonly double[] _steps;

    public PostureSequence(int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dimensions);
        var g = 2.0;
        for (var i = 0; i < 64; i++)
            g = Math.Pow(1 + g, 1.0 / (dimensions + 1));
        _steps = [.. Enumerable.Range(1, dimensions).Select(k => Math.Pow(g, -k))];
    }

    /// <summary>offsets[d] = the j-th point, as angles in [−π, π).</summary>
    public void At(int j, Span<double> offsets)
    {
        for (var k = 0; k < _steps.Length; k++)
        {
            var u = 0.5 + j * _steps[k];
            offsets[k] = 2 * Math.PI * (u - Math.Floor(u)) - Math.PI;
        }
    }
}
