using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Solving;
using NeuralIk.Engine.Training;

namespace NeuralIk.Tests.Solving;

/// <summary>
/// Solvers trained once per test run, small and short (a few seconds): one for the default arm, one
/// for an unequal arm with joint limits. The properties hold for any network, since refinement and
/// the checks decide success; a weak network only costs iterations.
/// </summary>
public static class SolverFixture
{
    static readonly SolverOptions Quick = new() { Hidden = [32, 32], Epochs = 40, SamplesPerEpoch = 4096 };

    /// <summary>The model behind <see cref="Default"/>, for tests that go through a model file.</summary>
    public static readonly Lazy<IkModel> DefaultModel = new(() =>
        SolverRecipe.Train(new PlanarChain(Arm.Default, JointLimits.Full), TaskBounds.PlanarPosition, Quick).Model);

    public static readonly Lazy<IkSolver> Default = new(() => new IkSolver(DefaultModel.Value));

    public static readonly Lazy<IkSolver> Limited = new(() =>
        Train(new Arm(1.2, 0.7), new JointLimits(new JointRange(-2.0, 2.5), new JointRange(-2.6, 1.0))));

    static IkSolver Train(Arm arm, JointLimits limits) =>
        new(SolverRecipe.Train(new PlanarChain(arm, limits), TaskBounds.PlanarPosition, Quick).Model);
}
