using NeuralIk.Engine.Data;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;

namespace NeuralIk.Engine.Training;

/// <summary>
/// The seed notebook's setup: inputs (x, y) min-max scaled to [−1, 1] on the training rows, targets
/// the raw angles (θ1, θ2), an MLP 2-256-256-128-128-2 trained with MSE. Plain MSE on angles cannot
/// go below the branch-averaging floor: for most targets two poses are right and the network learns
/// their mean, which is neither.
/// </summary>
public sealed class SeedRecipe
{
    public static readonly int[] Sizes = [2, 256, 256, 128, 128, 2];

    SeedRecipe(MinMaxScaler scaler, SampleSet train, SampleSet validation, SampleSet test)
    {
        Scaler = scaler;
        Train = train;
        Validation = validation;
        Test = test;
    }

    public MinMaxScaler Scaler { get; }
    public SampleSet Train { get; }
    public SampleSet Validation { get; }
    public SampleSet Test { get; }

    public static SeedRecipe Prepare(JointSamples samples, DataSplit split)
    {
        var (trainX, trainY) = samples.Rows(split.Train);
        var scaler = MinMaxScaler.Fit(trainX, 2);
        return new SeedRecipe(scaler, Scaled(scaler, trainX, trainY), Scaled(scaler, samples.Rows(split.Validation)),
            Scaled(scaler, samples.Rows(split.Test)));
    }

    static SampleSet Scaled(MinMaxScaler scaler, (float[] Inputs, float[] Targets) rows) => Scaled(scaler, rows.Inputs,
        rows.Targets);

    static SampleSet Scaled(MinMaxScaler scaler, float[] inputs, float[] targets)
    {
        var scaled = new float[inputs.Length];
        scaler.Transform(inputs, scaled);
        return new SampleSet(scaled, targets, 2, 2);
    }

    /// <summary>
    /// For each row: the distance from the target (x, y) to where the model's angles put the end
    /// effector, the IK error in the arm's own length unit.
    /// </summary>
    public static double[] PositionErrors(IkModel model, JointSamples samples, ReadOnlySpan<int> rows)
    {
        var (positions, _) = samples.Rows(rows);
        var angles = new float[positions.Length];
        model.Predict(positions, rows.Length, angles);
        var errors = new double[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var reached = ((PlanarChain)model.Chain).Base.Forward(angles[2 * i], angles[2 * i + 1]);
            errors[i] = reached.DistanceTo(new Point2(positions[2 * i], positions[2 * i + 1]));
        }
        return errors;
    }
}
