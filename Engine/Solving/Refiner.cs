using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Solving;

/// <summary>
/// Levenberg–Marquardt on the 2×2 Jacobian in double precision, projected onto the joint limits:
/// from a close guess it converges quadratically (2–3 steps); near full extension, where J is
/// singular, the damping keeps the steps bounded and convergence degrades gracefully to linear.
/// J = [[−L1 s1 − L2 s12, −L2 s12], [L1 c1 + L2 c12, L2 c12]]; step Δ = (JᵀJ + λI)⁻¹ Jᵀ e.
/// </summary>
public static class Refiner
{
    public readonly record struct Result(double Theta1, double Theta2, double Residual, int Iterations);

    public static Result Refine(Arm arm, JointLimits limits, double x, double y, double theta1, double theta2,
        double tolerance, int maxIterations)
    {
        theta1 = limits.Joint1.Clamp(limits.Joint1.Represent(theta1));
        theta2 = limits.Joint2.Clamp(limits.Joint2.Represent(theta2));
        var residual = Residual(arm, x, y, theta1, theta2, out var ex, out var ey);
        var lambda = 1e-6 * arm.Reach * arm.Reach;
        var iterations = 0;
        while (residual > tolerance && iterations < maxIterations)
        {
            iterations++;
            var (s1, c1) = Math.SinCos(theta1);
            var (s12, c12) = Math.SinCos(theta1 + theta2);
            double j11 = -arm.L1 * s1 - arm.L2 * s12, j12 = -arm.L2 * s12;
            double j21 = arm.L1 * c1 + arm.L2 * c12, j22 = arm.L2 * c12;
            // (JᵀJ + λI) Δ = Jᵀ e, solved in closed form.
            double a = j11 * j11 + j21 * j21 + lambda, b = j11 * j12 + j21 * j22, d = j12 * j12 + j22 * j22 + lambda;
            double g1 = j11 * ex + j21 * ey, g2 = j12 * ex + j22 * ey;
            var det = a * d - b * b;
            var t1 = limits.Joint1.Clamp(theta1 + (d * g1 - b * g2) / det);
            var t2 = limits.Joint2.Clamp(theta2 + (a * g2 - b * g1) / det);
            var next = Residual(arm, x, y, t1, t2, out var nx, out var ny);
            if (next < residual)
            {
                (theta1, theta2, residual, ex, ey) = (t1, t2, next, nx, ny);
                lambda = Math.Max(lambda * 0.1, 1e-30);
            }
            else
            {
                lambda *= 10;
                if (lambda > 1e6 * arm.Reach * arm.Reach)
                    break;
            }
        }
        return new Result(theta1, theta2, residual, iterations);
    }

    static double Residual(Arm arm, double x, double y, double theta1, double theta2, out double ex, out double ey)
    {
        var p = arm.Forward(theta1, theta2);
        (ex, ey) = (x - p.X, y - p.Y);
        return Math.Sqrt(ex * ex + ey * ey);
    }
}
