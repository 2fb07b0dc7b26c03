using NeuralIk.Engine.Calibration;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Numerics;
using NeuralIk.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace NeuralIk.Tests.Calibration;

/// <summary>
/// Calibration against arms made here (<see cref="SyntheticArm"/>): the calibrated chain is judged on fresh poses
/// against the synthetic arm's own forward kinematics, which the fit never sees.
/// </summary>
public class CalibratorTests(ITestOutputHelper output)
{
    // Distances between the calibrated chain's marker and the real one on fresh poses: median and max (m).
    static (double Median, double Max) Against(SyntheticArm arm, SpatialChain calibrated, ulong seed)
    {
        var rng = new Rng(seed);
        var errors = Enumerable.Range(0, 500).Select(_ => arm.Pose(rng))
            .Select(q => (arm.Measure(q).P - calibrated.Forward(q).P).Length).ToArray();
        return (HeldOutError.Quantile(errors, 0.5), errors.Max());
    }

    [Theory]
    [InlineData("ur5-dh", 11UL)]
    [InlineData("iiwa7", 12UL)]
    [InlineData("panda", 13UL)]
    public void A_perturbed_arm_is_recovered_from_two_thousand_noisy_poses(string robot, ulong seed)
    {
        var arm = new SyntheticArm(TestRobots.Named(robot), seed);
        var data = arm.Record(2000, seed + 100, outliers: 0.005);
        var result = Calibrator.Calibrate(arm.Nominal, data);
        var (median, max) = Against(arm, result.Chain, seed + 200);
        output.WriteLine($"{robot}: before {result.Before.Median * 1e3:F3} mm, after {result.After.Median * 1e3:F4} " +
            $"mm (p95 {result.After.P95 * 1e3:F4}); real arm median {median * 1e3:F4} mm, max {max * 1e3:F4} mm; " +
            $"outliers {result.Outliers.Count}; not identifiable " +
            string.Join(", ", result.Corrections.Where(c => c.Status != CorrectionStatus.Fitted).Select(c => c.Name)));
        Assert.True(result.Before.Median > 1e-3, "the nominal arm is millimetres off");
        Assert.True(median < 1e-4, $"median {median * 1e3} mm on the real arm");
    }

    [Fact]
    public void The_calibrated_urdf_reads_back_as_the_calibrated_chain()
    {
        var arm = new SyntheticArm(TestRobots.Named("iiwa7"), 21);
        var result = Calibrator.Calibrate(arm.Nominal, arm.Record(400, 22));
        var read = Urdf.Parse(CalibratedUrdf.Write(result.Model, result.Parameters, "real_iiwa"), "calibrated.urdf");
        Assert.Equal(("instrument", "marker"), (read.BaseLink, read.TipLink));
        Assert.Equal(arm.Nominal.Names, read.Names);
        var rng = new Rng(23);
        for (var trial = 0; trial < 50; trial++)
        {
            var q = arm.Pose(rng);
            var (a, b) = (read.Forward(q), result.Chain.Forward(q));
            Assert.True((a.P - b.P).Length < 1e-12 && (a * b.Transposed).RotationVector().Length < 1e-12);
        }
    }

    [Fact]
    public void A_zero_offset_the_data_can_see_is_recovered_exactly_from_clean_data()
    {
        var nominal = TestRobots.Named("ur5-dh");
        var turned = new SyntheticArm(new SpatialChain(nominal.BaseLink, nominal.TipLink, [.. nominal.Joints
            .Select((j, i) => i == 2 ? j with { Origin = j.Origin * Frame.Rotation(j.Axis, 0.01) } : j)],
            nominal.Tip), 41, link: 0, tilt: 0, offset: 0);
        var result = Calibrator.Calibrate(nominal, turned.Record(300, 42, noise: 0));
        var elbow = Assert.Single(result.Corrections, c => c.Name == "elbow_joint zero offset");
        Assert.Equal(CorrectionStatus.Fitted, elbow.Status);
        Assert.Equal(0.01, elbow.Value, 1e-7);
        Assert.All(result.Corrections.Where(c => c != elbow), c => Assert.True(Math.Abs(c.Value) < 1e-7, c.Name));
    }

    [Fact]
    public void What_narrow_data_cannot_see_is_reported_and_left_near_nominal()
    {
        var arm = new SyntheticArm(TestRobots.Named("ur5-dh"), 43);
        var data = arm.Record(400, 44);
        foreach (var q in data.Joints)
            q[5] = 0;
        data = new RecordedPoses(data.Joints, [.. data.Joints.Select(q => arm.Measure(q).P)], null);
        var result = Calibrator.Calibrate(arm.Nominal, data);
        var unseen = result.Corrections.Where(c => c.Name.StartsWith("wrist_3_joint", StringComparison.Ordinal)
            && c.Status != CorrectionStatus.Fitted).ToList();
        Assert.Contains(unseen, c => c.Name == "wrist_3_joint zero offset");
        Assert.All(unseen, c => Assert.True(Math.Abs(c.Value) < 1e-3, $"{c.Name} {c.Value}"));
        Assert.True(result.After.Median < 1e-5, "the poses recorded are still fitted");
    }

    [Fact]
    public void Every_gross_outlier_is_reported_and_none_else()
    {
        var arm = new SyntheticArm(TestRobots.Named("iiwa7"), 45);
        var data = arm.Record(1000, 46, outliers: 0.01);
        var injected = Enumerable.Range(0, data.Count)
            .Where(s => (arm.Measure(data.Joints[s]).P - data.Positions[s]).Length > 1e-3).Select(s => s + 1);
        Assert.Equal(injected, Calibrator.Calibrate(arm.Nominal, data).Outliers);
    }

    [Fact]
    public void Two_hundred_samples_still_calibrate_to_a_tenth_of_a_millimetre()
    {
        var arm = new SyntheticArm(TestRobots.Named("ur5-dh"), 47);
        var result = Calibrator.Calibrate(arm.Nominal, arm.Record(200, 48, outliers: 0.005));
        var (median, _) = Against(arm, result.Chain, 49);
        Assert.True(median < 1e-4, $"median {median * 1e3} mm");
    }
}
