using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Solving;
using NeuralIk.Engine.Training;
using NeuralIk.Tests.Support;

namespace NeuralIk.Tests.Solving;

/// <summary>
/// Chain solvers trained once per test run, small and short (about a second each): a 3-link full pose,
/// a 3-link position with joint limits, a 4-link position. The properties hold for any network, since
/// refinement and the checks decide success; a weak network only costs iterations.
/// </summary>
public static class ChainFixture
{
    static readonly SolverOptions Quick = new() { Hidden = [32, 32], Epochs = 30, SamplesPerEpoch = 4096 };

    public static readonly Lazy<IkModel> Pose3Model = new(() => Train(new PlanarChain([1.0, 0.8, 0.5]), true));

    public static readonly Lazy<IkModel> Position4Model = new(() => Train(new PlanarChain([1.0, 0.8, 0.6, 0.4]),
        false));

    public static readonly Lazy<IkSolver> Pose3 = new(() => new IkSolver(Pose3Model.Value));

    public static readonly Lazy<IkSolver> Limited3 = new(() =>
        new IkSolver(Train(new PlanarChain([1.0, 0.8, 0.5], JointRange.ParseList("-2.5,2.5;-2,2;-1.5,1.5")),
            false)));

    public static readonly Lazy<IkSolver> Position4 = new(() => new IkSolver(Position4Model.Value));

    public static IkSolver Get(int which) => (which % 3) switch { 0 => Pose3.Value, 1 => Limited3.Value,
        _ => Position4.Value };

    static IkModel Train(PlanarChain chain, bool orientation) =>
        SolverRecipe.Train(chain, Kinds.Of(orientation), Quick).Model;
}
