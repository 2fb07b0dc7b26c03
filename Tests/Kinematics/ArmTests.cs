using NeuralIk.Engine.Kinematics;
using Xunit;

namespace NeuralIk.Tests.Kinematics;

public class ArmTests
{
    [Theory]
    [InlineData(0, 0, 2, 0)]
    [InlineData(Math.PI / 2, 0, 0, 2)]
    [InlineData(0, Math.PI / 2, 1, 1)]
    [InlineData(Math.PI, 0, -2, 0)]
    [InlineData(0, Math.PI, 0, 0)]
    public void Hand_derived_forward_kinematics(double t1, double t2, double x, double y)
    {
        var p = Arm.Default.Forward(t1, t2);
        Assert.Equal(x, p.X, 12);
        Assert.Equal(y, p.Y, 12);
    }

    [Fact]
    public void Hand_derived_inverse_kinematics_of_1_1()
    {
        // r² = 2 ⇒ cos θ2 = 0 ⇒ θ2 = ±π/2; θ1 = π/4 − atan2(±1, 1) = 0 (down) or π/2 (up).
        var s = AnalyticIk.Solve(Arm.Default, 1, 1);
        Assert.Equal(IkStatus.Ok, s.Status);
        Assert.Equal(0, s.Down.Theta1, 12);
        Assert.Equal(Math.PI / 2, s.Down.Theta2, 12);
        Assert.Equal(Math.PI / 2, s.Up.Theta1, 12);
        Assert.Equal(-Math.PI / 2, s.Up.Theta2, 12);
    }

    [Fact]
    public void Origin_of_an_equal_link_arm_is_singular_not_NaN()
    {
        var s = AnalyticIk.Solve(Arm.Default, 0, 0);
        Assert.Equal(IkStatus.Singular, s.Status);
        Assert.Equal(Math.PI, Math.Abs(s.Up.Theta2), 12);
    }

    [Fact]
    public void Boundary_points_are_solved_despite_rounding()
    {
        var s = AnalyticIk.Solve(Arm.Default, 2 + 1e-15, 0);
        Assert.Equal(IkStatus.Ok, s.Status);
        Assert.Equal(0, s.Up.Theta2, 6);
    }

    [Theory]
    [InlineData(double.NaN, 0)]
    [InlineData(0, double.PositiveInfinity)]
    public void Non_finite_targets_are_an_error(double x, double y)
    {
        var e = Assert.Throws<ArgumentException>(() => AnalyticIk.Solve(Arm.Default, x, y));
        Assert.Contains("not a finite point", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(-1, 1)]
    [InlineData(double.NaN, 1)]
    public void Bad_link_lengths_are_rejected(double l1,
        double l2) => Assert.Throws<ArgumentException>(() => new Arm(l1, l2));
}
