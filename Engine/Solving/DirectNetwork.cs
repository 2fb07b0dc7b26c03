using NeuralIk.Engine.Model;

namespace NeuralIk.Engine.Solving;

/// <summary>
/// The direct guess's network as the search runs it: its trunk (every layer but the last, then ReLU) once per target,
/// and its last layer by groups of <see cref="Group"/> heads, each group's rows when the search needs them (most
/// targets are solved from the first group's best head: the rest of the pass is not spent on them). Read as the guess
/// network is, in bfloat16 or float32.
/// </summary>
sealed class DirectNetwork
{
    /// <summary>Heads per group: as many as one ranking takes (a float vector's eight lanes).</summary>
    public const int Group = 8;

    readonly Mlp? _trunk;
    readonly Bf16Network? _compactTrunk;
    readonly Mlp[] _groups;
    readonly Bf16Network[]? _compactGroups;

    DirectNetwork(Mlp? trunk, Mlp[] groups, bool bf16, int heads, int width)
    {
        (_trunk, _groups, Heads, Width) = (trunk, groups, heads, width);
        if (!bf16)
            return;
        _compactTrunk = trunk is null ? null : new Bf16Network(trunk);
        _compactGroups = [.. groups.Select(g => new Bf16Network(g))];
    }

    public int Heads { get; }
    /// <summary>The last hidden layer's width (the input's for a network without one).</summary>
    public int Width { get; }

    /// <summary>
    /// The network of <paramref name="direct"/> split: heads of <paramref name="headWidth"/> outputs.
    /// </summary>
    public static DirectNetwork Of(Mlp direct, int headWidth, bool bf16)
    {
        var sizes = direct.Sizes;
        var (last, width, heads) = (sizes.Count - 2, sizes[^2], direct.OutputCount / headWidth);
        Mlp? trunk = null;
        if (last > 0)
        {
            trunk = new Mlp([.. sizes.Take(sizes.Count - 1)]);
            for (var l = 0; l < last; l++)
            {
                var (weightT, bias) = (new float[sizes[l] * sizes[l + 1]], new float[sizes[l + 1]]);
                direct.ReadLayer(l, weightT, bias);
                trunk.WriteLayer(l, weightT, bias);
            }
        }
        var (allT, allBias) = (new float[direct.OutputCount * width], new float[direct.OutputCount]);
        direct.ReadLayer(last, allT, allBias);
        var groups = new Mlp[(heads + Group - 1) / Group];
        for (var g = 0; g < groups.Length; g++)
        {
            // Wᵀ[out, in]: a group's heads are consecutive rows.
            var (first, rows) = (g * Group * headWidth, Math.Min(Group, heads - g * Group) * headWidth);
            groups[g] = new Mlp([width, rows]);
            groups[g].WriteLayer(0, allT.AsSpan(first * width, rows * width), allBias.AsSpan(first, rows));
        }
        return new DirectNetwork(trunk, groups, bf16, heads, width);
    }

    /// <summary>hidden[Width] = ReLU(trunk(input[12])), the last hidden layer's activations.</summary>
    public void Trunk(ReadOnlySpan<float> input, Span<float> hidden)
    {
        if (_trunk is null)
        {
            input.CopyTo(hidden);
            return;
        }
        Bf16Network.InferRow(_trunk, _compactTrunk, input, hidden, reluOutput: true);
    }

    /// <summary>output[heads of the group, 2N] from the last hidden layer.</summary>
    public void Outputs(int group, ReadOnlySpan<float> hidden, Span<float> output) =>
        Bf16Network.InferRow(_groups[group], _compactGroups?[group], hidden, output);
}
