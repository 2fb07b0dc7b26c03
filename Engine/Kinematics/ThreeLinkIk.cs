namespace NeuralIk.Engine.Kinematics;

/// <summary>
/// Closed-form IK of a 3-link chain for a full pose (x, y, φ), the oracle for that case: the wrist
/// (end of link 2) must sit at w = (x − L3 cos φ, y − L3 sin φ), which is a 2-link problem with its
/// two branches; then θ3 = φ − θ1 − θ2. Unreachable wrist points report the 2-link status.
/// </summary>
public static class ThreeLinkIk
{
    public readonly record struct Solution(IkStatus Status, double[] Up, double[] Down);

    public static Solution Solve(PlanarChain chain, Pose2 target)
    {
        if (chain.Joints != 3)
            throw new ArgumentException($"the closed form is for 3 links, the chain has {chain.Joints}");
        var wristX = target.X - chain.Links[2] * Math.Cos(target.Phi);
        var wristY = target.Y - chain.Links[2] * Math.Sin(target.Phi);
        var wrist = AnalyticIk.Solve(new Arm(chain.Links[0], chain.Links[1]), wristX, wristY);
        if (!wrist.Reachable)
            return new Solution(wrist.Status, [], []);
        double[] Branch(JointAngles q) => [q.Theta1, q.Theta2, Angles.Wrap(target.Phi - q.Theta1 - q.Theta2)];
        return new Solution(wrist.Status, Branch(wrist.Up), Branch(wrist.Down));
    }
}
