namespace NeuralIk.Engine.Model;

/// <summary>What a model's network computes.</summary>
public enum ModelKind
{
    /// <summary>The seed notebook's regression: target (x, y) → (θ1, θ2), one averaged answer.</summary>
    Seed,
    /// <summary>A solver's guess network: target, branch, posture → (sin, cos) per joint (see ChainLayout).</summary>
    Solver,
}
