using NeuralIk.Engine.Data;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Tensors;

namespace NeuralIk.Engine.Model;

/// <summary>
/// A trained network with everything needed to use it: the input scaler, the arm it was trained for,
/// what its outputs mean, and how it was trained. Saved as safetensors with tensor names and shapes
/// that torch.nn.Sequential of Linear/ReLU loads directly: "0.weight" [out, in], "0.bias" [out],
/// "2.weight", … (ReLUs sit at the odd indices). Inside the engine W is [in, out]; save and load transpose.
/// </summary>
public sealed partial class IkModel
{
    public const string FormatName = "neural-ik/1";

    /// <summary>The file's name for a seed model's outputs: (θ1, θ2) in radians.</summary>
    public const string SeedOutputs = "angles";
    /// <summary>The file's name for a 2-link position solver's outputs (the chain layout for N = 2).</summary>
    public const string TwoLinkOutputs = "relative-sincos";
    /// <summary>The file's name for every other solver's outputs (see ChainLayout).</summary>
    public const string ChainOutputs = "chain-sincos";
    /// <summary>The file's name for a spatial arm's outputs (see SpatialLayout).</summary>
    public const string SpatialOutputs = "spatial-sincos";
    /// <summary>The file's name for the guess of an arm learned from its recordings (see LearnedLayout).</summary>
    public const string LearnedOutputs = "learned-actuators";

    /// <summary>
    /// Widest layer a model file may declare (a bound against absurd allocations from a corrupted header).
    /// </summary>
    public const int MaxWidth = 1 << 14;

    /// <summary>
    /// The one constructor: a network, its input scaler, the chain it was trained for (planar or spatial: the kind of
    /// arm is said by the chain), the task it solves, and what its outputs are (a solver's sin/cos by its layout,
    /// or the seed's two angles of a 2-link arm).
    /// </summary>
    public IkModel(Mlp network, MinMaxScaler scaler, IChain chain, TaskBounds task, ModelKind kind = ModelKind.Solver,
        IReadOnlyDictionary<string, string>? training = null, Mlp? step = null, Mlp? direct = null)
    {
        if (network.Hidden != Activation.Relu)
            throw new ArgumentException("a model's network has ReLU hidden layers: its file says so by its layout");
        if (scaler.Columns != network.InputCount)
            throw new ArgumentException($"the scaler has {scaler.Columns} columns, the network {network.InputCount} " +
                $"inputs");
        var inSpace = chain is SpatialChain || chain is LearnedChain { IsPlanar: false };
        if (task.IsSpatial != inSpace)
            throw new ArgumentException($"a {(inSpace ? "spatial" : "planar")} chain does not solve a " +
                $"{(task.IsSpatial ? "spatial" : "planar")} {task.Name}");
        if (kind == ModelKind.Seed && !(chain is PlanarChain { Joints: 2 } && task == TaskBounds.PlanarPosition))
            throw new ArgumentException("a seed model is a 2-link arm's position regression");
        if (kind == ModelKind.Solver && ILayout.For(chain, task) is var layout
            && (network.InputCount != layout.Inputs || network.OutputCount != layout.Outputs))
            throw new ArgumentException($"architecture {string.Join('-', network.Sizes)} does not fit a " +
                $"{chain.Count}-joint {(task.IsSpatial ? "spatial" : "planar")} {task.Name} arm ({layout.Inputs} " +
                $"inputs, {layout.Outputs} outputs)");
        if (step is not null)
            RequireStep(step, chain, task);
        if (direct is not null)
            RequireDirect(direct, chain, task);
        (Network, Scaler, Chain, Task, Kind, Step, Direct) = (network, scaler, chain, task, kind, step, direct);
        Training = training ?? new Dictionary<string, string>();
    }

    /// <summary>The prefix of the step network's tensors in the file: "step.0.weight" [out, in], ….</summary>
    public const string StepPrefix = "step.";

    /// <summary>
    /// The learned step of an arm in space reaching poses (<see cref="StepLayout"/>), or null: applied from a known
    /// posture (the current one, or the guess network's answer), each step from where the last left it.
    /// </summary>
    public Mlp? Step { get; }

    /// <summary>This model with <paramref name="step"/> as its learned step.</summary>
    public IkModel WithStep(Mlp? step) => new(Network, Scaler, Chain, Task, Kind, Training, step, Direct);

    /// <summary>The prefix of the direct guess's tensors in the file: "direct.0.weight" [out, in], ….</summary>
    public const string DirectPrefix = "direct.";

    /// <summary>
    /// The direct guess of an arm in space reaching poses (<see cref="DirectLayout"/>: a target alone to a pose per
    /// head), or null: the solver's first candidates where no current posture is given.
    /// </summary>
    public Mlp? Direct { get; }

    /// <summary>This model with <paramref name="direct"/> as its direct guess.</summary>
    public IkModel WithDirect(Mlp? direct) => new(Network, Scaler, Chain, Task, Kind, Training, Step, direct);

    /// <summary>This model with <paramref name="training"/> as its training metadata.</summary>
    public IkModel WithTraining(IReadOnlyDictionary<string, string> training) =>
        new(Network, Scaler, Chain, Task, Kind, training, Step, Direct);

    static void RequireDirect(Mlp direct, IChain chain, TaskBounds task)
    {
        if (chain is not SpatialChain arm || !task.HasOrientation)
            throw new ArgumentException("a direct guess is for arms in space reaching poses");
        var layout = new DirectLayout(arm);
        if (direct.InputCount != DirectLayout.Inputs || direct.OutputCount % layout.Outputs != 0
            || direct.Hidden != Activation.Relu)
            throw new ArgumentException($"direct network {string.Join('-', direct.Sizes)} does not fit a " +
                $"{arm.Count}-joint arm's direct guess ({DirectLayout.Inputs} inputs, {layout.Outputs} outputs per " +
                $"head, ReLU)");
    }

    static void RequireStep(Mlp step, IChain chain, TaskBounds task)
    {
        if (chain is not SpatialChain arm || !task.HasOrientation)
            throw new ArgumentException("a learned step is for arms in space reaching poses");
        var layout = new StepLayout(arm);
        if (step.InputCount != layout.Inputs || step.OutputCount != layout.Outputs || step.Hidden != Activation.Relu)
            throw new ArgumentException($"step network {string.Join('-', step.Sizes)} does not fit a " +
                $"{arm.Count}-joint arm's step ({layout.Inputs} inputs, {layout.Outputs} outputs, ReLU)");
    }

    public Mlp Network { get; }
    public MinMaxScaler Scaler { get; }
    /// <summary>The chain the model was trained for: a planar arm's links and limits, or a URDF arm's joints.</summary>
    public IChain Chain { get; }
    /// <summary>What the model solves: positions or full poses, in the plane or in space.</summary>
    public TaskBounds Task { get; }
    public ModelKind Kind { get; }
    /// <summary>The outputs' name in the file: <see cref="SeedOutputs"/>, <see cref="TwoLinkOutputs"/>,
    /// <see cref="ChainOutputs"/> (one layout with the previous; 2-link files keep their older name) or
    /// <see cref="SpatialOutputs"/>.</summary>
    public string Outputs => Kind == ModelKind.Seed ? SeedOutputs : Chain is SpatialChain ? SpatialOutputs
        : Chain is LearnedChain ? LearnedOutputs
        : Chain.Count == 2 && Task == TaskBounds.PlanarPosition ? TwoLinkOutputs : ChainOutputs;
    public IReadOnlyDictionary<string, string> Training { get; }

    public string Architecture => string.Join('-', Network.Sizes);

    /// <summary>
    /// outputs[n, out] = network(scaled inputs[n, in]): (x, y) for the seed, the raw layout inputs for a solver.
    /// </summary>
    public void Predict(ReadOnlySpan<float> inputs, int count, Span<float> outputs)
    {
        var scaled = new float[count * Network.InputCount];
        Scaler.Transform(inputs[..scaled.Length], scaled);
        Network.PredictInto(scaled, count, outputs);
    }
}
