using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Solving;

/// <summary>
/// A chain and a target, as the <see cref="Refiner"/> sees them: the error e(θ) = target − FK(θ) in
/// <see cref="Rows"/> values (lengths; orientation weighted by <see cref="Scale"/>), its Jacobian ∂FK/∂θ in the
/// same units, and the joint limits. Implemented by structs so that the refiner is compiled for each.
/// </summary>
public interface IRefinable
{
    int Joints { get; }
    int Rows { get; }
    /// <summary>A length typical of the chain (its reach): sets the damping's scale.</summary>
    double Scale { get; }
    /// <summary>e[Rows] = target − FK(θ); returns |e|.</summary>
    double Residual(ReadOnlySpan<double> theta, Span<double> e);
    /// <summary>
    /// <see cref="Residual"/> and J[Rows, Joints] row-major in its units, at once (a chain in space walks its joints
    /// once for both); returns |e|.
    /// </summary>
    double Linearize(ReadOnlySpan<double> theta, Span<double> e, Span<double> j);
    /// <summary>Each angle as its congruent value within the joint's range where one exists.</summary>
    void Represent(Span<double> theta);
    /// <summary>Each value into its joint's range: wrapped for a full-circle joint, clamped otherwise.</summary>
    void Project(Span<double> theta);
}

/// <summary>A planar chain and a target of a planar <see cref="TaskBounds"/>.</summary>
public readonly struct PlanarTarget(PlanarChain chain, Pose2 target, TaskBounds kind) : IRefinable
{
    public int Joints => chain.Joints;
    public int Rows => kind.Rows;
    public double Scale => chain.Reach;

    public double Residual(ReadOnlySpan<double> theta, Span<double> e) => kind.Error(chain, target, theta, e);

    public double Linearize(ReadOnlySpan<double> theta, Span<double> e, Span<double> j)
    {
        chain.Jacobian(theta, j);
        if (kind.HasOrientation)
        {
            var n = chain.Joints;
            for (var c = 0; c < n; c++)
                j[2 * n + c] *= chain.Reach;
        }
        return Residual(theta, e);
    }

    public void Represent(Span<double> theta) => chain.Represent(theta);
    public void Project(Span<double> theta) => chain.Project(theta);
}

/// <summary>
/// Any chain (<see cref="IChain"/>) and a target frame, bound on the axes of a <see cref="TaskBounds"/>: the error
/// rows of [Δp; reach · Δω] it counts, Δω the rotation vector taking the tip's orientation to the target's.
/// </summary>
public readonly struct ChainTarget(IChain chain, Frame target, TaskBounds task) : IRefinable
{
    public int Joints => chain.Count;
    public int Rows => task.Rows;
    public double Scale => chain.Reach;

    public double Residual(ReadOnlySpan<double> theta, Span<double> e) =>
        task.Error(target, chain.Forward(theta), chain.Reach, e);

    /// <summary>
    /// The pose's errors recomputed from FK, each in its own unit: position and orientation (rad; 0 when the task
    /// binds none).
    /// </summary>
    public (double Position, double Orientation) Errors(ReadOnlySpan<double> theta) =>
        task.Errors(target, chain.Forward(theta));

    public double Linearize(ReadOnlySpan<double> theta, Span<double> e, Span<double> j)
    {
        var n = chain.Count;
        Span<double> full = stackalloc double[6 * n];
        var at = chain.Jacobian(theta, full);
        task.Rows6(full, n, chain.Reach, j);
        return task.Error(target, at, chain.Reach, e);
    }

    public void Represent(Span<double> theta) => chain.Represent(theta);
    public void Project(Span<double> theta) => chain.Project(theta);
}
