using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Losses;

/// <summary>
/// Position (and end-orientation) error of the pose a network proposes, through the forward
/// kinematics of an N-link chain. The network emits (s_i, c_i) per joint; each pair is normalised to a
/// unit complex number u_i = (c_i + i s_i)/‖·‖ (exactly what decoding by atan2 does). Link k then points
/// along U_k = u_1 ⋯ u_k and the end effector sits at P = Σ L_k U_k.
/// L = Σ_batch (|P − T|² / reach² + [orientation] |U_N − V|²) / batch, dimensionless so one weight suits
/// any chain; T = (x, y) and V = (cos φ, sin φ) are the target row.
/// </summary>
public static class FkLoss
{
    /// <summary>Target values per row: (x, y), or (x, y, cos φ, sin φ) with orientation.</summary>
    public static int TargetWidth(TaskBounds kind) => kind.HasOrientation ? 4 : 2;

    /// <summary>
    /// Returns L and adds weight·dL/dOutput into <paramref name="gradient"/> (output[batch, 2N], target[batch, 2 or
    /// 4]); for rows that are part of a larger batch, <paramref name="batchSize"/> is its size (the mean's).
    /// </summary>
    public static double LossAndGradient(ReadOnlySpan<float> output, ReadOnlySpan<float> target, int batch,
        ReadOnlySpan<double> links, TaskBounds kind, double weight, Span<float> gradient, int? batchSize = null)
    {
        var n = links.Length;
        var width = TargetWidth(kind);
        if (output.Length < batch * 2 * n || target.Length < batch * width || gradient.Length < batch * 2 * n)
            throw new ArgumentException($"FK loss needs output[{batch}, {2 * n}], target[{batch}, {width}] and " +
                $"gradient[{batch}, {2 * n}]");
        var reach = 0.0;
        foreach (var l in links)
            reach += l;
        var scale = 1.0 / ((batchSize ?? batch) * reach * reach);
        var loss = 0.0;
        Span<double> uc = stackalloc double[n], us = stackalloc double[n], norm = stackalloc double[n];
        Span<double> pc = stackalloc double[n], ps = stackalloc double[n];
        for (var b = 0; b < batch; b++)
        {
            var o = output.Slice(b * 2 * n, 2 * n);
            var t = target.Slice(b * width, width);
            double px = 0, py = 0, c = 1, s = 0;
            for (var i = 0; i < n; i++)
            {
                norm[i] = Math.Max(Math.Sqrt((double)o[2 * i] * o[2 * i] + (double)o[2 * i + 1] * o[2 * i + 1]), 1e-12);
                (us[i], uc[i]) = (o[2 * i] / norm[i], o[2 * i + 1] / norm[i]);
                (c, s) = (c * uc[i] - s * us[i], s * uc[i] + c * us[i]);
                (pc[i], ps[i]) = (c, s);
                px += links[i] * c;
                py += links[i] * s;
            }
            var (ex, ey) = (px - t[0], py - t[1]);
            var (dx, dy) = kind.HasOrientation ? (c - t[2], s - t[3]) : (0.0, 0.0);
            loss += (ex * ex + ey * ey) * scale + (dx * dx + dy * dy) * scale * reach * reach;

            // g_k = dL/dU_k; dL/du_i = u_i · Σ_{k≥i} g_k·conj(U_k) for unit u_i, accumulated from the last link back.
            var k2 = 2 * scale * weight;
            double sumC = 0, sumS = 0;
            var g = gradient.Slice(b * 2 * n, 2 * n);
            for (var i = n - 1; i >= 0; i--)
            {
                var (gc, gs) = (k2 * links[i] * ex, k2 * links[i] * ey);
                if (i == n - 1 && kind.HasOrientation)
                    (gc, gs) = (gc + k2 * reach * reach * dx, gs + k2 * reach * reach * dy);
                sumC += gc * pc[i] + gs * ps[i];
                sumS += gs * pc[i] - gc * ps[i];
                var (duc, dus) = (sumC * uc[i] - sumS * us[i], sumS * uc[i] + sumC * us[i]);
                // u = v/‖v‖ ⇒ dL/dv = (dL/du − u·(u·dL/du)) / ‖v‖
                var along = uc[i] * duc + us[i] * dus;
                g[2 * i] += (float)((dus - us[i] * along) / norm[i]);
                g[2 * i + 1] += (float)((duc - uc[i] * along) / norm[i]);
            }
        }
        return loss;
    }
}
