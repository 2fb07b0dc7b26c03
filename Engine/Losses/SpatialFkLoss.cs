using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Losses;

/// <summary>
/// The FK loss of a spatial chain of revolute joints: how far the pose a network proposes puts the tip from
/// the target. The network emits (s_i, c_i) per joint, normalised to a unit pair u_i (exactly what decoding by
/// atan2 does); joint i turns by R_i = c I + s [k]× + (1 − c) k kᵀ about its axis k, so the tip frame
/// T = O₁ R₁ O₂ R₂ ⋯ O_N R_N · Tip is computed without angles.
/// L = Σ_batch (|P − T|² / reach² + [pose] |R e_x − X|² + |R e_y − Y|²) / batch: dimensionless, with the
/// target row (T) or (T, X, Y), X and Y the target's first two rotation columns (a continuous representation).
/// Gradient: with A_i the frame before joint i's turn and B_i the rest of the chain after it,
/// dL/dR_i = A_iᵀ (g_p b_iᵀ + G B_iᵀ), g_p = 2 (P − T)/reach², b_i = B_i's origin, G = dL/dR; then
/// dL/dc = tr(∂) − kᵀ ∂ k and dL/ds = kₓ(∂₂₁ − ∂₁₂) + k_y(∂₀₂ − ∂₂₀) + k_z(∂₁₀ − ∂₀₁) for ∂ = dL/dR_i.
/// </summary>
public static class SpatialFkLoss
{
    /// <summary>Target values per row: the position, then for a pose the rotation's x and y columns.</summary>
    public static int TargetWidth(TaskBounds kind) => kind.HasOrientation ? 9 : 3;

    /// <summary>
    /// Returns L and adds weight·dL/dOutput into <paramref name="gradient"/> (output[batch, 2N], target[batch,
    /// 3 or 9]); for rows that are part of a larger batch, <paramref name="batchSize"/> is its size (the mean's).
    /// </summary>
    public static double LossAndGradient(ReadOnlySpan<float> output, ReadOnlySpan<float> target, int batch,
        SpatialChain chain, TaskBounds kind, double weight, Span<float> gradient, int? batchSize = null)
    {
        var n = chain.Count;
        var width = TargetWidth(kind);
        if (chain.HasPrismatic)
            throw new ArgumentException("the spatial FK loss takes revolute and continuous joints");
        if (output.Length < batch * 2 * n || target.Length < batch * width || gradient.Length < batch * 2 * n)
            throw new ArgumentException($"spatial FK loss needs output[{batch}, {2 * n}], target[{batch}, {width}] " +
                $"and gradient[{batch}, {2 * n}]");
        var scale = 1.0 / (batchSize ?? batch);
        var reach2 = chain.Reach * chain.Reach;
        var loss = 0.0;
        // Frames on the stack (n ≤ JointVector.Capacity): a training step calls this per batch and allocates nothing.
        Span<Frame> before = stackalloc Frame[n], after = stackalloc Frame[n + 1];
        Span<double> us = stackalloc double[n], uc = stackalloc double[n], norm = stackalloc double[n];
        for (var b = 0; b < batch; b++)
        {
            var o = output.Slice(b * 2 * n, 2 * n);
            var t = target.Slice(b * width, width);
            var frame = Frame.Identity;
            for (var i = 0; i < n; i++)
            {
                norm[i] = Math.Max(Math.Sqrt((double)o[2 * i] * o[2 * i] + (double)o[2 * i + 1] * o[2 * i + 1]), 1e-12);
                (us[i], uc[i]) = (o[2 * i] / norm[i], o[2 * i + 1] / norm[i]);
                before[i] = frame * chain.Joints[i].Origin;
                frame = before[i] * Frame.Turn(chain.Joints[i].Axis, uc[i], us[i]);
            }
            // after[i] = what follows joint i − 1's turn: O_i R_i ⋯ Tip.
            after[n] = chain.Tip;
            for (var i = n - 1; i > 0; i--)
                after[i] = chain.Joints[i].Origin * Frame.Turn(chain.Joints[i].Axis, uc[i], us[i]) * after[i + 1];
            var tip = frame * chain.Tip;
            var e = tip.P - new Vec3(t[0], t[1], t[2]);
            loss += e.Dot(e) / reach2 * scale;
            var gp = (2 * weight * scale / reach2) * e;
            // G = dL/dR_tip: columns x and y against the target's.
            var (gx, gy) = (Vec3.Zero, Vec3.Zero);
            if (kind.HasOrientation)
            {
                var (dx, dy) = (tip.Axis(0) - new Vec3(t[3], t[4], t[5]), tip.Axis(1) - new Vec3(t[6], t[7], t[8]));
                loss += (dx.Dot(dx) + dy.Dot(dy)) * scale;
                (gx, gy) = ((2 * weight * scale) * dx, (2 * weight * scale) * dy);
            }
            var g = gradient.Slice(b * 2 * n, 2 * n);
            for (var i = 0; i < n; i++)
            {
                var d = Gradient(before[i], after[i + 1], gp, gx, gy);
                var k = chain.Joints[i].Axis;
                var dc = d.Trace - k.Dot(d.Times(k));
                var ds = k.X * (d.M21 - d.M12) + k.Y * (d.M02 - d.M20) + k.Z * (d.M10 - d.M01);
                // u = v/‖v‖ ⇒ dL/dv = (dL/du − u (u·dL/du)) / ‖v‖
                var along = us[i] * ds + uc[i] * dc;
                g[2 * i] += (float)((ds - us[i] * along) / norm[i]);
                g[2 * i + 1] += (float)((dc - uc[i] * along) / norm[i]);
            }
        }
        return loss;
    }

    // ∂ = dL/dR_i = Aᵀ (g_p bᵀ + G B_Rᵀ) with A the rotation before the turn, b and B_R the origin and rotation
    // of what follows it, and G = [g_x g_y 0] (columns).
    static Matrix Gradient(Frame a, Frame rest, Vec3 gp, Vec3 gx, Vec3 gy)
    {
        var at = a.Transposed;
        var (p, x, y) = (at.Rotate(gp), at.Rotate(gx), at.Rotate(gy));
        // (G B_Rᵀ)[j, m] = g_x[j] B_R[m, 0] + g_y[j] B_R[m, 1]: B_R's x and y columns.
        var (bx, by, bp) = (rest.Axis(0), rest.Axis(1), rest.P);
        return new Matrix(
            p.X * bp.X + x.X * bx.X + y.X * by.X, p.X * bp.Y + x.X * bx.Y + y.X * by.Y,
            p.X * bp.Z + x.X * bx.Z + y.X * by.Z,
            p.Y * bp.X + x.Y * bx.X + y.Y * by.X, p.Y * bp.Y + x.Y * bx.Y + y.Y * by.Y,
            p.Y * bp.Z + x.Y * bx.Z + y.Y * by.Z,
            p.Z * bp.X + x.Z * bx.X + y.Z * by.X, p.Z * bp.Y + x.Z * bx.Y + y.Z * by.Y,
            p.Z * bp.Z + x.Z * bx.Z + y.Z * by.Z);
    }

    readonly record struct Matrix(double M00, double M01, double M02, double M10, double M11, double M12,
        double M20, double M21, double M22)
    {
        public double Trace => M00 + M11 + M22;
        public Vec3 Times(Vec3 v) => new(M00 * v.X + M01 * v.Y + M02 * v.Z, M10 * v.X + M11 * v.Y + M12 * v.Z,
            M20 * v.X + M21 * v.Y + M22 * v.Z);
    }
}
