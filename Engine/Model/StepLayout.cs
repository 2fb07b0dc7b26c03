using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Model;

/// <summary>
/// The step network's view of a spatial pose target: a learned Newton step from where a posture stands. Inputs: the
/// target (position over the reach, the rotation's x and y columns), the posture q (sin, cos per joint), the
/// direction of its pose error e = (Δp / reach, Δr as a rotation vector) and log(|e|) / 5; output Δq / |e|. Scaled
/// by the error, the step's own error shrinks with e, so steps applied one after another converge, where a network
/// asked for the answer itself stops at a floor (50–65 mm on the Panda from any reference: docs/spatial-arms.md).
/// Frames are taken in the chain's base frame: the network learns the arm, not where it stands.
/// </summary>
public sealed class StepLayout
{
    const int TargetWidth = 9, ErrorWidth = 7;
    // The error size below which a posture is at the target already (no direction left to read).
    const double Smallest = 1e-12;

    // The guess's layout (which refuses a prismatic joint by name) writes the posture's (sin, cos) pairs.
    public StepLayout(SpatialChain chain)
    {
        (Chain, _pose) = (chain, new SpatialLayout(chain, TaskBounds.Pose));
        _unmount = chain.IsMounted ? chain.Mount.Inverse : null;
    }

    readonly SpatialLayout _pose;
    readonly Frame? _unmount;

    public SpatialChain Chain { get; }
    public int Joints => Chain.Count;
    public int Inputs => TargetWidth + 2 * Joints + ErrorWidth;
    public int Outputs => Joints;

    /// <summary>
    /// The inputs for a target and a posture q[N] whose FK is <paramref name="at"/>; returns |e|, the scale of the
    /// network's outputs (0 when q is on the target).
    /// </summary>
    public double Encode(Frame target, ReadOnlySpan<double> q, Frame at, Span<float> inputs)
    {
        if (_unmount is { } unmount)
            (target, at) = (unmount * target, unmount * at);
        var reach = Chain.Reach;
        var (dp, dr) = ((1 / reach) * (target.P - at.P), (target * at.Transposed).RotationVector());
        var size = Math.Sqrt(dp.Dot(dp) + dr.Dot(dr));
        var unit = 1 / Math.Max(size, Smallest);
        DirectLayout.Columns(target, reach, inputs[..TargetWidth]);
        _pose.Pairs(q, inputs.Slice(TargetWidth, 2 * Joints));
        var tail = inputs.Slice(TargetWidth + 2 * Joints, ErrorWidth);
        (tail[0], tail[1], tail[2]) = ((float)(unit * dp.X), (float)(unit * dp.Y), (float)(unit * dp.Z));
        (tail[3], tail[4], tail[5]) = ((float)(unit * dr.X), (float)(unit * dr.Y), (float)(unit * dr.Z));
        tail[6] = (float)(Math.Log(Math.Max(size, Smallest)) / 5);
        return size < Smallest ? 0 : size;
    }

    /// <summary>q += |e| · output, kept within the limits.</summary>
    public void Apply(ReadOnlySpan<float> output, double size, Span<double> q)
    {
        for (var j = 0; j < Joints; j++)
            q[j] += size * output[j];
        Chain.Project(q);
    }
}
