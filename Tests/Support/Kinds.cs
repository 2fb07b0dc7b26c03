using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Tests.Support;

/// <summary>Theories and properties draw a bool for "with orientation"; this names the target kind it means.</summary>
public static class Kinds
{
    public static TaskBounds Of(bool orientation) => orientation ? TaskBounds.PlanarPose : TaskBounds.PlanarPosition;
}
