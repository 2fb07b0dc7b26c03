using NeuralIk.Engine.Kinematics;
using NeuralIk.Tests.Kinematics;

namespace NeuralIk.Tests.Support;

/// <summary>
/// Spatial chains for the tests by name: "two" (<see cref="UrdfTests.TwoJoints"/>), "skewed" (the same with axes
/// off the coordinate axes, so every axis component counts), "ur5-dh" (the project's own data/robots/ur5-dh.urdf,
/// present in every clone), and the Panda and UR5 from ../shared where present (null otherwise).
/// </summary>
public static class TestRobots
{
    public static SpatialChain? Named(string name) => name switch
    {
        "two" => Urdf.Parse(UrdfTests.TwoJoints, "two.urdf"),
        "skewed" => Urdf.Parse(UrdfTests.TwoJoints.Replace("<axis xyz=\"0 1 0\"/>", "<axis xyz=\"1 2 2\"/>",
            StringComparison.Ordinal).Replace("<axis xyz=\"0 0 2\"/>", "<axis xyz=\"2 -1 0.5\"/>",
            StringComparison.Ordinal), "skewed.urdf"),
        "ur5-dh" => Urdf.Load(Path.Combine(Repository.Root, "data", "robots", "ur5-dh.urdf")),
        "panda" => SharedRobots.Panda is { } p ? Urdf.Load(p, tipLink: "panda_link8") : null,
        "ur5" => SharedRobots.Ur5 is { } u ? Urdf.Load(u) : null,
        _ => throw new ArgumentException($"no test robot '{name}'"),
    };
}
