namespace NeuralIk.Engine.Tensors;

/// <summary>What a dense layer applies to its sums: nothing (the output layer), or max(·, 0).</summary>
public enum Activation
{
    None,
    Relu,
}
