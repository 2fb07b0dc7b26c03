namespace NeuralIk.Engine.Tensors;

/// <summary>
/// What a dense layer applies to its sums: nothing (the output layer), max(·, 0), or tanh — smooth, for a map the
/// solver differentiates (a learned forward map), where ReLU's pieces of planes limit how close a fit comes.
/// </summary>
public enum Activation
{
    None,
    Relu,
    Tanh,
}
