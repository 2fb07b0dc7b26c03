namespace NeuralIk.Engine.Losses;

/// <summary>
/// Position error of the pose a network proposes, through the arm's forward kinematics. The network
/// emits (s1, c1, s2, c2) per sample; each pair is normalised to a unit vector u = v/‖v‖ (exactly what
/// decoding by atan2 does), then x̂ = L1·c1 + L2·(c1c2 − s1s2), ŷ = L1·s1 + L2·(s1c2 + c1s2).
/// L = Σ_batch ((x̂ − x)² + (ŷ − y)²) / (batch · reach²): dimensionless, so one weight suits any arm.
/// </summary>
public static class FkLoss
{
    public const int Outputs = 4;

    /// <summary>Returns L and adds weight·dL/dOutput into <paramref name="gradient"/> (output[batch, 4], target[batch, 2]).</summary>
    public static double LossAndGradient(ReadOnlySpan<float> output, ReadOnlySpan<float> target, int batch,
        double l1, double l2, double weight, Span<float> gradient)
    {
        if (output.Length < batch * Outputs || target.Length < batch * 2 || gradient.Length < batch * Outputs)
            throw new ArgumentException($"FK loss needs output[{batch}, 4], target[{batch}, 2] and gradient[{batch}, 4]");
        var reach2 = (l1 + l2) * (l1 + l2);
        var scale = 1.0 / (batch * reach2);
        var loss = 0.0;
        for (var b = 0; b < batch; b++)
        {
            var o = output.Slice(b * Outputs, Outputs);
            var (s1, c1, n1) = Unit(o[0], o[1]);
            var (s2, c2, n2) = Unit(o[2], o[3]);
            var ex = l1 * c1 + l2 * (c1 * c2 - s1 * s2) - target[2 * b];
            var ey = l1 * s1 + l2 * (s1 * c2 + c1 * s2) - target[2 * b + 1];
            loss += (ex * ex + ey * ey) * scale;

            // dL/du for each unit vector, from the partial derivatives of x̂ and ŷ.
            var k = 2 * scale * weight;
            var ds1 = k * (ex * (-l2 * s2) + ey * (l1 + l2 * c2));
            var dc1 = k * (ex * (l1 + l2 * c2) + ey * (l2 * s2));
            var ds2 = k * (ex * (-l2 * s1) + ey * (l2 * c1));
            var dc2 = k * (ex * (l2 * c1) + ey * (l2 * s1));
            var g = gradient.Slice(b * Outputs, Outputs);
            ThroughNormalisation(s1, c1, n1, ds1, dc1, ref g[0], ref g[1]);
            ThroughNormalisation(s2, c2, n2, ds2, dc2, ref g[2], ref g[3]);
        }
        return loss;
    }

    static (double S, double C, double Norm) Unit(float s, float c)
    {
        var norm = Math.Max(Math.Sqrt((double)s * s + (double)c * c), 1e-12);
        return (s / norm, c / norm, norm);
    }

    // u = v/‖v‖ ⇒ dL/dv = (dL/du − u·(u·dL/du)) / ‖v‖
    static void ThroughNormalisation(double s, double c, double norm, double ds, double dc, ref float gs, ref float gc)
    {
        var along = s * ds + c * dc;
        gs += (float)((ds - s * along) / norm);
        gc += (float)((dc - c * along) / norm);
    }
}
