using NeuralIk.Engine.Training;
using Xunit;

namespace NeuralIk.Tests.Training;

/// <summary>
/// The choice between one core and two, driven by a fake clock: each step "takes" the ticks the test assigns to
/// its way, so which way wins, and when, follows from the schedule by hand.
/// </summary>
public class CoreChoiceTests
{
    const int Block = CoreChoice.WarmSteps + CoreChoice.TrialSteps;

    [Theory]
    [InlineData(100, 180, true)]
    [InlineData(250, 180, false)]
    [InlineData(180, 180, true)]
    public void After_a_trial_of_each_way_the_faster_one_runs(long twoTicks, long oneTicks, bool twoWins)
    {
        var (choice, ways) = Run(2 * Block + CoreChoice.RunSteps, _ => (twoTicks, oneTicks));
        Assert.All(ways[..Block], w => Assert.True(w));
        Assert.All(ways[Block..(2 * Block)], w => Assert.False(w));
        Assert.All(ways[(2 * Block)..], w => Assert.Equal(twoWins, w));
        var two = Block + (twoWins ? CoreChoice.RunSteps : 0);
        Assert.Equal((two, 2 * Block + CoreChoice.RunSteps), choice.Counts);
    }

    [Fact]
    public void Warm_up_steps_and_a_few_stalls_do_not_decide()
    {
        // Two cores are faster except in their block's warm-up steps and in a third of the timed ones.
        var (_, ways) = Run(2 * Block + 1, step => (step < CoreChoice.WarmSteps || step % 3 == 0 ? 10_000 : 100,
            180));
        Assert.True(ways[^1]);
    }

    [Fact]
    public void The_next_trial_follows_the_run_and_can_change_the_choice()
    {
        var period = 2 * Block + CoreChoice.RunSteps;
        var (_, ways) = Run(period + 2 * Block + 1, step => step < period ? (100, 180) : (300, 180));
        Assert.True(ways[period - 1]);
        Assert.All(ways[period..(period + Block)], w => Assert.True(w));
        Assert.False(ways[^1]);
    }

    // Runs steps through a choice whose clock advances by the ticks of the way each step takes.
    static (CoreChoice Choice, bool[] Ways) Run(int steps, Func<int, (long Two, long One)> ticks)
    {
        long now = 0;
        var choice = new CoreChoice(() => now);
        var ways = new bool[steps];
        for (var step = 0; step < steps; step++)
        {
            choice.Begin();
            ways[step] = choice.TwoCores;
            var (two, one) = ticks(step);
            now += choice.TwoCores ? two : one;
            choice.End();
        }
        return (choice, ways);
    }
}
