using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Model;

/// <summary>
/// The direct guess's view of a pose target: the target alone, no reference. Inputs: the position over the reach and
/// the rotation's three columns, in the chain's base frame (the z column makes a wrist centre, p − d·z, a linear
/// function of the inputs: iiwa7, 12 inputs against 9, raw error 70 against 80 mm); outputs (sin, cos) per joint, as
/// the guess network's. It learns where the solver's refinement ends from its own guess (<c>DirectRecipe</c>): one
/// answer per target, so there is nothing to average.
/// </summary>
public sealed class DirectLayout
{
    /// <summary>Position over the reach, then the rotation's x, y and z columns.</summary>
    public const int Inputs = 12;

    public DirectLayout(SpatialChain chain)
    {
        (_chain, _pose) = (chain, new SpatialLayout(chain, TaskBounds.Pose));
        _unmount = chain.IsMounted ? chain.Mount.Inverse : null;
    }

    readonly SpatialChain _chain;
    readonly SpatialLayout _pose;
    readonly Frame? _unmount;

    public int Joints => _chain.Count;
    public int Outputs => 2 * Joints;

    /// <summary>inputs[12] for a target in the targets' frame.</summary>
    public void Encode(Frame target, Span<float> inputs) =>
        Columns(_unmount is { } unmount ? unmount * target : target, _chain.Reach, inputs[..Inputs]);

    /// <summary>q[N] from the network's 2N outputs.</summary>
    public void Decode(ReadOnlySpan<float> output, Span<double> q) => _pose.Decode(output, q);

    /// <summary>(sin, cos) of each angle: a training row's outputs.</summary>
    public void Pairs(ReadOnlySpan<double> q, Span<float> into) => _pose.Pairs(q, into);

    /// <summary>
    /// The first row.Length (up to 12) of: a base-frame target's position over <paramref name="reach"/>, its
    /// rotation's x, y and z columns (the learned step reads the first 9).
    /// </summary>
    internal static void Columns(Frame target, double reach, Span<float> row)
    {
        var (x, y, z) = (target.Axis(0), target.Axis(1), target.Axis(2));
        Span<double> all = [target.P.X / reach, target.P.Y / reach, target.P.Z / reach, x.X, x.Y, x.Z, y.X, y.Y, y.Z,
            z.X, z.Y, z.Z];
        for (var i = 0; i < row.Length; i++)
            row[i] = (float)all[i];
    }
}
