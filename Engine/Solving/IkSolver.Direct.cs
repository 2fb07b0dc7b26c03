using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;

namespace NeuralIk.Engine.Solving;

// An arm in space's direct guess: the first candidate where no current posture is given.
public sealed partial class IkSolver : IDirectLabels
{
    // The direct guess's labels: the guess and learned steps from the middle, then where refinement ends.
    void IDirectLabels.Start(Frame target, Span<double> q) => Guess(target, _middle, q);

    bool IDirectLabels.Refine(Frame target, Span<double> q) => ContinueInSpace(target, TaskBounds.Pose, q);

    // The direct guess's network, read as the guess network is (bf16 or float32).
    sealed record DirectNetwork(Mlp Plain, Bf16Network? Compact);
    readonly DirectNetwork? _direct;
    readonly DirectLayout? _directLayout;

    /// <summary>Whether the model has a direct guess (<see cref="GuessDirect"/>).</summary>
    public bool HasDirect => _direct is not null;

    /// <summary>
    /// The direct guess q[N] for a pose target, from the target alone (<see cref="IkModel.Direct"/>): the search's
    /// first candidate where no current posture is given. False, q untouched, where the model has none.
    /// </summary>
    public bool GuessDirect(Frame target, Span<double> q)
    {
        if (_direct is not { } direct || _directLayout is not { } layout)
            return false;
        Span<float> input = stackalloc float[DirectLayout.Inputs];
        Span<float> output = stackalloc float[layout.Outputs];
        Span<float> scratch = stackalloc float[direct.Compact?.ScratchLength ?? direct.Plain.InferScratchLength(1)];
        layout.Encode(target, input);
        if (direct.Compact is { } compact)
            compact.Infer(input, output, scratch);
        else
            direct.Plain.Infer(input, 1, output, scratch);
        layout.Decode(output, q);
        return true;
    }
}
