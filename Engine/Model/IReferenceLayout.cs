using NeuralIk.Engine.Data;
using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Model;

/// <summary>
/// A layout whose network is asked for the answer near a reference posture (an arm in space, an arm learned from
/// its recordings): the solver's candidates are references, each guessed from and refined.
/// </summary>
public interface IReferenceLayout : ILayout
{
    /// <summary>The scaled inputs for a target and a reference posture q[N].</summary>
    void Encode(MinMaxScaler scaler, Frame target, ReadOnlySpan<double> reference, Span<float> inputs);

    /// <summary>q[N] from the network's outputs.</summary>
    void Decode(ReadOnlySpan<float> output, Span<double> q);

    /// <summary>Largest offset of joint <paramref name="j"/> of a training row's reference from its answer.</summary>
    double Nearby(int j);
}
