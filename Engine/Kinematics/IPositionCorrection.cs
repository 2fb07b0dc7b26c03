namespace NeuralIk.Engine.Kinematics;

/// <summary>
/// What a chain's geometry leaves of where its tip really is (a calibrated arm's gravity sag, learned from what it
/// recorded): an offset of the tip's position in the targets' frame, a function of the joints.
/// </summary>
public interface IPositionCorrection
{
    /// <summary>The offset for q[N].</summary>
    Vec3 Offset(ReadOnlySpan<double> q);
}
