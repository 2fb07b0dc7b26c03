using NeuralIk.Engine.Data;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Data;

public sealed class CsvTests : TempFolder
{
    [Fact]
    public void Round_trip_is_bit_exact()
    {
        var data = JointSamples.Generate(Arm.Default, 500, 7);
        var path = In("d.csv");
        data.Write(path);
        var back = JointSamples.Read(path);
        Close.BitExact("x", data.X, back.X);
        Close.BitExact("y", data.Y, back.Y);
        Close.BitExact("theta1", data.Theta1, back.Theta1);
        Close.BitExact("theta2", data.Theta2, back.Theta2);
    }

    [Theory]
    [InlineData("", ":1: file is empty")]
    [InlineData("x,y,t1,t2\n1,2,3,4\n", ":1: header is 'x,y,t1,t2'")]
    [InlineData("x,y,theta1,theta2\n1,2,3,4\n1,2,3\n", ":3: expected 4 columns, found 3")]
    [InlineData("x,y,theta1,theta2\n1,2,3,4\n1,abc,3,4\n", ":3: column 'y' is 'abc', not a number")]
    [InlineData("x,y,theta1,theta2\n1,NaN,3,4\n", ":2: column 'y' is NaN, not a finite number")]
    [InlineData("x,y,theta1,theta2\n", ":1: no data rows")]
    [InlineData("x,y,theta1,theta2\n1,2,3,4,5\n", ":2: expected 4 columns, found 5")]
    public void Malformed_files_name_the_line_and_the_problem(string content, string expected)
    {
        var path = In("bad.csv");
        File.WriteAllText(path, content);
        var e = Assert.Throws<DataFormatException>(() => JointSamples.Read(path));
        Assert.Contains(path + expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_reported()
    {
        var e = Assert.Throws<DataFormatException>(() => JointSamples.Read(In("none.csv")));
        Assert.Contains("file not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generated_samples_follow_forward_kinematics_and_the_angle_range()
    {
        var data = JointSamples.Generate(new Arm(1.5, 0.5), 1000, 3);
        for (var i = 0; i < data.Count; i++)
        {
            Assert.InRange(data.Theta1[i], -MathF.PI, MathF.PI);
            Assert.InRange(data.Theta2[i], -MathF.PI, MathF.PI);
            var p = new Arm(1.5, 0.5).Forward(data.Theta1[i], data.Theta2[i]);
            Assert.Equal(p.X, data.X[i], 5e-7);
            Assert.Equal(p.Y, data.Y[i], 5e-7);
        }
    }
}
