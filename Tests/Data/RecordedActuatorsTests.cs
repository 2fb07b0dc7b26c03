using System.Globalization;
using NeuralIk.Engine.Data;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Data;

/// <summary>
/// A soft arm's recordings as a user writes them: the measured columns found by name wherever they stand, every other
/// column an actuator in the file's order; no z means planar data.
/// </summary>
public sealed class RecordedActuatorsTests : TempFolder
{
    [Fact]
    public void Measured_columns_are_found_anywhere_and_the_others_are_actuators_in_order()
    {
        var rows = Enumerable.Range(0, RecordedActuators.MinSamples).Select(i => string.Create(
            CultureInfo.InvariantCulture, $"{0.1 * i},{i},{-0.2 * i},{2 * i}"));
        File.WriteAllLines(In("planar.csv"), ["X,tendon,y,Valve 2", .. rows]);
        var planar = RecordedActuators.Read(In("planar.csv"));
        Assert.True(planar.Planar);
        Assert.Equal(["tendon", "Valve 2"], planar.Names);
        Assert.Equal([7.0, 14.0], planar.Actuators[7]);
        Assert.Equal(new Vec3(0.1 * 7, -0.2 * 7, 0), planar.Positions[7]);
        File.WriteAllLines(In("space.csv"), ["a,z,y,x", .. rows]);
        var space = RecordedActuators.Read(In("space.csv"));
        Assert.False(space.Planar);
        Assert.Equal(["a"], space.Names);
        Assert.Equal(new Vec3(2 * 7, -0.2 * 7, 7), space.Positions[7]);
        File.WriteAllLines(In("twice.csv"), ["a,x,y,X", .. rows]);
        var twice = Assert.Throws<DataFormatException>(() => RecordedActuators.Read(In("twice.csv")));
        Assert.Contains("twice.csv:1: column 'x' appears twice", twice.Message, StringComparison.Ordinal);
    }
}
