using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;

namespace NeuralIk.Cli;

/// <summary>What the seed model answers for one target, and how far its pose lands from it.</summary>
public readonly record struct SeedAnswer(Point2 Target, JointAngles Angles, Point2 Reached, AnalyticSolution Analytic)
{
    public double Error => Reached.DistanceTo(Target);

    /// <summary>The 2-link arm of a seed model.</summary>
    public static Arm ArmOf(IkModel model) => ((PlanarChain)model.Chain).Base;

    public static SeedAnswer For(IkModel model, double x, double y)
    {
        x = ArgParsing.Finite(x, "X");
        y = ArgParsing.Finite(y, "Y");
        var angles = new float[2];
        model.Predict([(float)x, (float)y], 1, angles);
        var theta = new JointAngles(angles[0], angles[1]);
        var arm = ArmOf(model);
        return new SeedAnswer(new Point2(x, y), theta, arm.Forward(theta.Theta1, theta.Theta2),
            AnalyticIk.Solve(arm, x, y));
    }
}
