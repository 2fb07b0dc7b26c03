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
    /// <summary>J[Rows, Joints] row-major, in the units of <see cref="Residual"/>.</summary>
    void Jacobian(ReadOnlySpan<double> theta, Span<double> j);
    /// <summary>Each angle as its congruent value within the joint's range where one exists.</summary>
    void Represent(Span<double> theta);
    /// <summary>Each value into its joint's range: wrapped for a full-circle joint, clamped otherwise.</summary>
    void Project(Span<double> theta);
}

/// <summary>A planar chain and a target of a planar <see cref="TargetKind"/>.</summary>
public readonly struct PlanarTarget(PlanarChain chain, Pose2 target, TargetKind kind) : IRefinable
{
    public int Joints => chain.Joints;
    public int Rows => kind.Rows;
    public double Scale => chain.Reach;

    public double Residual(ReadOnlySpan<double> theta, Span<double> e) => kind.Error(chain, target, theta, e);

    public void Jacobian(ReadOnlySpan<double> theta, Span<double> j)
    {
        chain.Jacobian(theta, j);
        if (!kind.HasOrientation)
            return;
        var n = chain.Joints;
        for (var c = 0; c < n; c++)
            j[2 * n + c] *= chain.Reach;
    }

    public void Represent(Span<double> theta) => chain.Represent(theta);
    public void Project(Span<double> theta) => chain.Project(theta);
}

/// <summary>
/// A spatial chain and a target frame: its position, and with <see cref="TargetKind.SpatialPose"/> its
/// orientation too, as the rotation vector taking the tip's orientation to the target's, × the chain's reach.
/// </summary>
public readonly struct SpatialTarget : IRefinable
{
    readonly SpatialChain _chain;
    readonly Frame _target;
    readonly TargetKind _kind;

    public SpatialTarget(SpatialChain chain, Frame target, TargetKind kind)
    {
        if (!kind.IsSpatial)
            throw new ArgumentException($"a spatial chain reaches spatial targets, not a planar {kind.Name}");
        (_chain, _target, _kind) = (chain, target, kind);
    }

    public int Joints => _chain.Count;
    public int Rows => _kind.Rows;
    public double Scale => _chain.Reach;

    public double Residual(ReadOnlySpan<double> theta, Span<double> e)
    {
        var tip = _chain.Forward(theta);
        var p = _target.P - tip.P;
        (e[0], e[1], e[2]) = (p.X, p.Y, p.Z);
        if (!_kind.HasOrientation)
            return p.Length;
        var w = _chain.Reach * (_target * tip.Transposed).RotationVector();
        (e[3], e[4], e[5]) = (w.X, w.Y, w.Z);
        return Math.Sqrt(p.Dot(p) + w.Dot(w));
    }

    /// <summary>
    /// The pose's errors recomputed from FK, each in its own unit: position (m) and orientation (rad; 0 when
    /// the kind has none).
    /// </summary>
    public (double Position, double Orientation) Errors(ReadOnlySpan<double> theta)
    {
        var tip = _chain.Forward(theta);
        var rotation = _kind.HasOrientation ? (_target * tip.Transposed).RotationVector().Length : 0;
        return ((_target.P - tip.P).Length, rotation);
    }

    public void Jacobian(ReadOnlySpan<double> theta, Span<double> j)
    {
        var n = _chain.Count;
        Span<double> full = stackalloc double[6 * n];
        _chain.Jacobian(theta, full);
        full[..(3 * n)].CopyTo(j);
        if (!_kind.HasOrientation)
            return;
        for (var k = 3 * n; k < 6 * n; k++)
            j[k] = _chain.Reach * full[k];
    }

    public void Represent(Span<double> theta) => _chain.Represent(theta);
    public void Project(Span<double> theta) => _chain.Project(theta);
}
