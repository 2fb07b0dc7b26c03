using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Model;

/// <summary>
/// Where the direct guess's labels come from (<c>DirectRecipe</c>): a solver's start for a pose target and its
/// refinement. The solver implements it; training, which does not know the solver, is given it.
/// </summary>
public interface IDirectLabels
{
    /// <summary>q[N] ← the first round's start for the target (the guess and steps from the middle).</summary>
    void Start(Frame target, Span<double> q);

    /// <summary>Refines q[N] toward the target in place; true where it ends within tolerance and limits.</summary>
    bool Refine(Frame target, Span<double> q);
}
