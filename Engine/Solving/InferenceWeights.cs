namespace NeuralIk.Engine.Solving;

/// <summary>
/// How a solver holds its network's weights for the guesses of an arm searched from references: float32 as trained
/// (Fp32), or bfloat16 (<see cref="Model.Bf16Network"/>: half the bytes to read per guess, each weight within 2⁻⁹;
/// the default where 256-bit vectors are accelerated, <see cref="IkSolver.DefaultWeights"/>).
/// </summary>
public enum InferenceWeights
{
    Fp32,
    Bf16,
}
