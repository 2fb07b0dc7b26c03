using NeuralIk.Engine.Data;
using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Model;

/// <summary>
/// How a solver network sees an arm: how many inputs a target and its candidate take, how many outputs the joints,
/// and the input scaler. One per kind of target: <see cref="ChainLayout"/> for planar arms (target relative to its
/// direction, branch, posture), <see cref="SpatialLayout"/> for arms in space (target frame, reference posture),
/// <see cref="LearnedLayout"/> for arms learned from their recordings.
/// </summary>
public interface ILayout
{
    int Inputs { get; }
    int Outputs { get; }
    MinMaxScaler Scaler(double reach);

    /// <summary>The layout of a chain's solver network for a task.</summary>
    static ILayout For(IChain chain, TaskBounds task) => chain switch
    {
        PlanarChain planar => new ChainLayout(planar.Joints, task),
        SpatialChain spatial => new SpatialLayout(spatial, task),
        LearnedChain learned => new LearnedLayout(learned, task),
        _ => throw new ArgumentException($"no network layout for a {chain.GetType().Name}"),
    };
}
