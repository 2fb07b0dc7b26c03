namespace NeuralIk.Engine.Kinematics;

/// <summary>
/// A serial chain of N joints as the solver, the evaluation and the pictures see every arm (KDL's and Pinocchio's
/// model): forward kinematics as a frame and the geometric Jacobian in double precision, each joint's name and
/// <see cref="JointRange"/>, and a bound on the reach. A planar arm is a chain of z-axis joints in the xy plane;
/// a URDF arm, one in space.
/// </summary>
public interface IChain
{
    int Count { get; }
    /// <summary>Joint i's name: the URDF's, or theta1 … thetaN for a planar arm.</summary>
    IReadOnlyList<string> Names { get; }
    IReadOnlyList<JointRange> Ranges { get; }
    /// <summary>An upper bound on the tip's distance from the base (exact for a planar arm without limits).</summary>
    double Reach { get; }

    /// <summary>The tip's pose in the base frame.</summary>
    Frame Forward(ReadOnlySpan<double> q);

    /// <summary>
    /// J[6, N] row-major in the base frame: rows vx, vy, vz, ωx, ωy, ωz (a planar arm's vz, ωx, ωy are 0); returns
    /// the tip's pose (<see cref="Forward"/>'s, which the walk passes on the way: a refinement takes both at once).
    /// </summary>
    Frame Jacobian(ReadOnlySpan<double> q, Span<double> jacobian);

    /// <summary>
    /// points[N + 2]: the base origin, each joint's origin, the tip (what a picture of the arm draws).
    /// </summary>
    void Points(ReadOnlySpan<double> q, Span<Vec3> points);

    bool WithinLimits(ReadOnlySpan<double> q);

    /// <summary>Each value into its joint's range, as the chain's refinement takes it.</summary>
    void Project(Span<double> q);

    /// <summary>Each angle as its congruent value within the joint's range where one exists.</summary>
    void Represent(Span<double> q);
}
