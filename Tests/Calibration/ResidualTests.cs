using NeuralIk.Engine.Calibration;
using NeuralIk.Engine.Data;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Training;
using NeuralIk.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace NeuralIk.Tests.Calibration;

/// <summary>
/// What a calibrated geometry leaves, learned (<see cref="ResidualRecipe"/>): a sag the geometry cannot express is
/// mostly recovered on poses never recorded; noise alone is not learned (the residual is not kept); the corrected
/// chain's FK is the geometry's plus the residual; a model with the residual saved and read back is the same arm.
/// </summary>
public class ResidualTests(ITestOutputHelper output)
{
    static readonly TrainingOptions Options = new() { Epochs = 300, BatchSize = 32, LearningRate = 2e-3f, Seed = 3 };

    // A calibration of the tests' synthetic UR5 with a sag of 1 mm at 1 m of horizontal reach: what is left is
    // mostly the sag (the calibration absorbs its part a geometry can express).
    static (SyntheticArm Arm, SpatialChain Calibrated, RecordedPoses Data) Calibrated(double sag, ulong seed)
    {
        var arm = new SyntheticArm(Urdf.Load(TestRobots.File("ur5-dh.urdf")), seed, sag: sag);
        var data = arm.Record(2000, seed + 1);
        return (arm, Calibrator.Calibrate(arm.Nominal, data).Chain, data);
    }

    [Fact]
    public void A_sag_the_geometry_cannot_express_is_learned_and_helps_on_fresh_poses()
    {
        var (arm, chain, data) = Calibrated(1e-3, 51);
        var fit = ResidualRecipe.Fit(chain, data.Joints, data.Positions, Options);
        var residual = Assert.IsType<PositionResidual>(fit.Residual);
        var corrected = chain.WithCorrection(residual);
        var rng = new Rng(52);
        var poses = Enumerable.Range(0, 500).Select(_ => arm.Pose(rng)).ToArray();
        double Median(SpatialChain c) => HeldOutError.Quantile([.. poses.Select(q => (arm.Measure(q).P
            - c.Forward(q).P).Length)], 0.5);
        var (before, after) = (Median(chain), Median(corrected));
        output.WriteLine($"real arm: {before * 1e3:F4} mm calibrated, {after * 1e3:F4} mm with the residual");
        Assert.True(after < 0.7 * before, $"{before * 1e3} → {after * 1e3} mm");
    }

    [Fact]
    public void Noise_alone_is_not_learned()
    {
        var (_, chain, data) = Calibrated(0, 53);
        var fit = ResidualRecipe.Fit(chain, data.Joints, data.Positions, Options);
        Assert.Null(fit.Residual);
    }

    // The corrected chain's FK is the geometry's plus the residual; its Jacobian stays the geometry's (the refinement
    // steps with it and accepts on the corrected FK), which differs from central differences of the corrected FK by
    // no more than the residual's own slope.
    [Fact]
    public void The_corrected_chain_adds_its_residual_and_is_saved_with_it()
    {
        var chain = Urdf.Load(TestRobots.File("ur5-dh.urdf"));
        // A UR5 with its third joint sliding: both kinds of input.
        var sliding = chain.Joints.Select((_, i) => i == 2).ToArray();
        var network = new Mlp([PositionResidual.InputCount(sliding), 16, 16, 3]);
        network.InitializeGlorot(new Rng(54));
        var residual = new PositionResidual(network, chain.Ranges, sliding, 2e-4);
        var corrected = chain.WithCorrection(residual);
        var rng = new Rng(55);
        var (n, j, geometric) = (chain.Count, new double[6 * chain.Count], new double[6 * chain.Count]);
        for (var trial = 0; trial < 30; trial++)
        {
            var q = chain.Ranges.Select(r => rng.Uniform(Math.Max(r.Lo, -3), Math.Min(r.Hi, 3))).ToArray();
            Assert.Equal(chain.Forward(q).P + residual.Offset(q), corrected.Forward(q).P);
            chain.Jacobian(q, geometric);
            // The walk for the Jacobian returns the corrected pose, as FK gives it.
            Assert.Equal(corrected.Forward(q), corrected.Jacobian(q, j));
            Assert.True(FiniteDifference.PositionRowsGap(chain, q, geometric) < 1e-6, $"trial {trial}");
            var gap = FiniteDifference.PositionRowsGap(corrected, q, j);
            Assert.Equal(geometric, j);
            // The residual's slope: |offset| is at most 2e-4 · |network output|, a few 1e-4 m per rad.
            Assert.True(gap < 2e-3, $"trial {trial}: {gap}");
        }
        var scaler = new MinMaxScaler([.. Enumerable.Repeat(-1f, 3 + 2 * n)], [.. Enumerable.Repeat(1f, 3 + 2 * n)]);
        var guess = new Mlp([3 + 2 * n, 8, 2 * n]);
        var model = new IkModel(guess, scaler, corrected, TaskBounds.Position);
        var path = Path.Combine(Path.GetTempPath(), $"residual-{Guid.NewGuid()}.safetensors");
        model.Save(path);
        var back = Assert.IsType<SpatialChain>(IkModel.Load(path).Chain);
        File.Delete(path);
        Assert.IsType<PositionResidual>(back.Correction);
        for (var trial = 0; trial < 30; trial++)
        {
            var q = chain.Ranges.Select(r => rng.Uniform(Math.Max(r.Lo, -3), Math.Min(r.Hi, 3))).ToArray();
            Assert.Equal(corrected.Forward(q).P, back.Forward(q).P);
            Assert.NotEqual(chain.Forward(q).P, back.Forward(q).P);
        }
    }
}
