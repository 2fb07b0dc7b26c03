using NeuralIk.Engine.Kinematics;
using NeuralIk.Tests.Kinematics;

namespace NeuralIk.Tests.Support;

/// <summary>
/// Spatial chains for the tests by name: "two" (<see cref="UrdfTests.TwoJoints"/>), "skewed" (the same with axes
/// off the coordinate axes, so every axis component counts), "ur5-dh" and "iiwa7" (written by this project from
/// published figures), and the Panda and UR5 as their makers describe them (third-party files with their licences):
/// all in data/robots, so every clone runs every check; "iiwa7-mounted" is the iiwa7 seen from an instrument;
/// "iiwa7-offset" and "panda-offset" are arms made here from those two (data/robots/made: offsets, asymmetric
/// limits).
/// </summary>
public static class TestRobots
{
    public static SpatialChain Named(string name) => name switch
    {
        "two" => Urdf.Parse(UrdfTests.TwoJoints, "two.urdf"),
        "skewed" => Urdf.Parse(UrdfTests.TwoJoints.Replace("<axis xyz=\"0 1 0\"/>", "<axis xyz=\"1 2 2\"/>",
            StringComparison.Ordinal).Replace("<axis xyz=\"0 0 2\"/>", "<axis xyz=\"2 -1 0.5\"/>",
            StringComparison.Ordinal), "skewed.urdf"),
        "ur5-dh" => Urdf.Load(File("ur5-dh.urdf")),
        "iiwa7" => Urdf.Load(File("iiwa7.urdf")),
        "panda" => Urdf.Load(File("panda", "panda_arm_hand.urdf"), tipLink: "panda_link8"),
        "ur5" => Urdf.Load(File("ur5", "ur5.urdf")),
        "iiwa7-mounted" => Mounted(Named("iiwa7")),
        "iiwa7-offset" => Urdf.Load(File("made", "iiwa7-offset.urdf")),
        "panda-offset" => Urdf.Load(File("made", "panda-offset.urdf"), tipLink: "panda_hand"),
        _ => throw new ArgumentException($"no test robot '{name}'"),
    };

    /// <summary>The arm seen from an instrument 1.8 m away and turned (a calibrated arm's mount).</summary>
    public static readonly Frame Mount = Frame.FromXyzRpy(new Vec3(-1.2, 0.9, 1.1), 0.4, -1.1, 2.3);

    static SpatialChain Mounted(SpatialChain arm) => new(arm.BaseLink, arm.TipLink, arm.Joints, arm.Tip, Mount);

    /// <summary>A robot file in data/robots.</summary>
    public static string File(params string[] parts) => Path.Combine([Repository.Root, "data", "robots", .. parts]);
}
