using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;

namespace NeuralIk.Engine.Solving;

// An arm in space's direct guess: the first candidates where no current posture is given.
public sealed partial class IkSolver
{
    readonly DirectNetwork? _direct;
    readonly DirectLayout? _directLayout;

    /// <summary>Whether the model has a direct guess (<see cref="DirectGuesses"/>).</summary>
    public bool HasDirect => _direct is not null;

    /// <summary>The direct guess's heads: the poses it gives per target (0 where the model has none).</summary>
    public int DirectHeads => _direct?.Heads ?? 0;

    /// <summary>
    /// The direct guesses q[heads, N] for a pose target, from the target alone (<see cref="IkModel.Direct"/>), in the
    /// order the search refines them first where no current posture is given: the first eight heads' best by FK error
    /// (position error plus the reach times the rotation's chord, 2 sin(θ/2)), then the others by it. Returns the
    /// heads written: 0, q untouched, where the model has none.
    /// </summary>
    public int DirectGuesses(Frame target, Span<double> q)
    {
        if (_direct is not { } direct)
            return 0;
        var (heads, n) = (direct.Heads, Chain.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(q.Length, heads * n);
        var state = new DirectState(direct, n);
        for (var k = 0; k < heads; k++)
            DirectGuess(target, state, k, q.Slice(k * n, n));
        return heads;
    }

    /// <summary>
    /// The direct guess tried first, q[N] (<see cref="DirectGuesses"/>'s first). False, q untouched, where the model
    /// has none.
    /// </summary>
    public bool GuessDirect(Frame target, Span<double> q)
    {
        if (_direct is not { } direct)
            return false;
        DirectGuess(target, new DirectState(direct, Chain.Count), 0, q);
        return true;
    }

    // The k-th head in the search's order into q[N]: first the best of the first group (its outputs alone computed:
    // most targets are solved from there), then, once that fails, every other head by FK error, the other groups'
    // outputs computed then.
    void DirectGuess(Frame target, DirectState state, int k, Span<double> q)
    {
        var (direct, layout) = (_direct!, _directLayout!);
        var width = layout.Outputs;
        if (k == 0)
        {
            Span<float> input = stackalloc float[DirectLayout.Inputs];
            layout.Encode(target, input);
            direct.Trunk(input, state.Hidden);
            Rank(target, state, 0);
            for (var h = 0; h < Math.Min(DirectNetwork.Group, direct.Heads); h++)
                state.Order[0] = state.Errors[h] < state.Errors[state.Order[0]] ? h : state.Order[0];
        }
        else if (k == 1)
        {
            for (var g = 1; g * DirectNetwork.Group < direct.Heads; g++)
                Rank(target, state, g);
            // The rest by error, the earlier head first among equals.
            var tried = state.Order[0];
            for (int h = 0, placed = 1; h < direct.Heads; h++)
            {
                if (h == tried)
                    continue;
                var at = placed++;
                for (; at > 1 && state.Errors[state.Order[at - 1]] > state.Errors[h]; at--)
                    state.Order[at] = state.Order[at - 1];
                state.Order[at] = h;
            }
        }
        layout.Decode(state.Output.AsSpan(state.Order[k] * width, width), q);
    }

    // Group g's outputs and their FK errors into the state.
    void Rank(Frame target, DirectState state, int g)
    {
        var (direct, width) = (_direct!, _directLayout!.Outputs);
        var first = g * DirectNetwork.Group;
        var count = Math.Min(DirectNetwork.Group, direct.Heads - first);
        var output = state.Output.AsSpan(first * width, count * width);
        direct.Outputs(g, state.Hidden, output);
        if (direct.Heads > 1)
            Spatial.ErrorsOfPairs(output, count, target, state.Errors.AsSpan(first, count));
    }

    /// <summary>
    /// A search's direct guesses so far: the last hidden layer, the heads' outputs and FK errors, their order.
    /// </summary>
    sealed class DirectState(DirectNetwork direct, int joints)
    {
        public readonly float[] Hidden = new float[direct.Width];
        public readonly float[] Output = new float[direct.Heads * 2 * joints];
        public readonly double[] Errors = new double[direct.Heads];
        public readonly int[] Order = new int[direct.Heads];
    }
}
