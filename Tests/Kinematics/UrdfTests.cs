using NeuralIk.Engine.Kinematics;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Kinematics;

/// <summary>
/// The URDF reader on small robots written here: the chain it builds (checked through FK against poses worked
/// out by hand) and one line, with the line number, for each way a file can be wrong.
/// </summary>
public class UrdfTests
{
    // Base, a turn about z 1 m up, a turn about y 0.5 m out, a fixed tool 0.3 m further; a second, shorter branch.
    public const string TwoJoints = """
        <robot name="two">
          <link name="base"/>
          <link name="upper"/>
          <link name="fore"/>
          <link name="tool"/>
          <link name="camera"/>
          <joint name="shoulder" type="revolute">
            <parent link="base"/>
            <child link="upper"/>
            <origin xyz="0 0 1" rpy="0 0 0"/>
            <axis xyz="0 0 2"/>
            <limit lower="-2" upper="2" effort="1" velocity="1"/>
          </joint>
          <joint name="elbow" type="revolute">
            <parent link="upper"/>
            <child link="fore"/>
            <origin xyz="0.5 0 0"/>
            <axis xyz="0 1 0"/>
            <limit lower="-1.5" upper="1.5" effort="1" velocity="1"/>
          </joint>
          <joint name="flange" type="fixed">
            <parent link="fore"/>
            <child link="tool"/>
            <origin xyz="0.3 0 0"/>
          </joint>
          <joint name="mount" type="fixed">
            <parent link="upper"/>
            <child link="camera"/>
          </joint>
        </robot>
        """;

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.7, -0.4)]
    [InlineData(-1.9, 1.2)]
    public void The_chain_reaches_the_hand_worked_pose(double q1, double q2)
    {
        var chain = Urdf.Parse(TwoJoints, "two.urdf");
        Assert.Equal(("base", "tool", 2), (chain.BaseLink, chain.TipLink, chain.Count));
        // tip = (0, 0, 1) + Rz(q1) [(0.5, 0, 0) + Ry(q2) (0.3, 0, 0)], with
        // Ry(q2) (0.3, 0, 0) = (0.3 cos q2, 0, −0.3 sin q2).
        var reach = 0.5 + 0.3 * Math.Cos(q2);
        var tip = chain.Forward([q1, q2]);
        Assert.Equal(reach * Math.Cos(q1), tip.P.X, 12);
        Assert.Equal(reach * Math.Sin(q1), tip.P.Y, 12);
        Assert.Equal(1 - 0.3 * Math.Sin(q2), tip.P.Z, 12);
        // The tool's x axis: Rz(q1) Ry(q2) x̂ = (cos q1 cos q2, sin q1 cos q2, −sin q2).
        var x = tip.Axis(0);
        Assert.Equal(Math.Cos(q1) * Math.Cos(q2), x.X, 12);
        Assert.Equal(Math.Sin(q1) * Math.Cos(q2), x.Y, 12);
        Assert.Equal(-Math.Sin(q2), x.Z, 12);
        Assert.True(chain.WithinLimits([q1, q2]) == (Math.Abs(q1) <= 2 && Math.Abs(q2) <= 1.5));
    }

    [Fact]
    public void Rpy_turns_about_fixed_x_then_y_then_z()
    {
        var (r, p, y) = (0.3, -0.7, 1.1);
        var expected = Frame.Rotation(new Vec3(0, 0, 1), y) * Frame.Rotation(new Vec3(0, 1, 0), p)
            * Frame.Rotation(new Vec3(1, 0, 0), r);
        var actual = Frame.FromXyzRpy(Vec3.Zero, r, p, y);
        for (var j = 0; j < 3; j++)
        {
            Assert.Equal(expected.Axis(j).X, actual.Axis(j).X, 14);
            Assert.Equal(expected.Axis(j).Y, actual.Axis(j).Y, 14);
            Assert.Equal(expected.Axis(j).Z, actual.Axis(j).Z, 14);
        }
    }

    [Theory]
    [InlineData("<robot><link name=\"a\"></robot>", "x.urdf:1: not well-formed XML")]
    [InlineData("<robt/>", "x.urdf:1: the root element is not <robot>")]
    [InlineData("<robot name=\"empty\"/>", "x.urdf:1: the robot has no links")]
    public void Malformed_files_name_the_line(string xml, string message) =>
        Assert.StartsWith(message, Assert.Throws<UrdfException>(() => Urdf.Parse(xml, "x.urdf")).Message,
            StringComparison.Ordinal);

    [Theory]
    [InlineData("<child link=\"fore\"/>", "<child link=\"nowhere\"/>",
        "two.urdf:16: joint 'elbow': child link 'nowhere'")]
    [InlineData("<axis xyz=\"0 1 0\"/>", "<axis xyz=\"0 0 0\"/>", "two.urdf:18: joint 'elbow' has a zero axis")]
    [InlineData("<axis xyz=\"0 1 0\"/>", "<axis xyz=\"0 one 0\"/>", "two.urdf:18: <axis> xyz=\"0 one 0\"")]
    [InlineData("<child link=\"camera\"/>", "<child link=\"fore\"/>",
        "two.urdf:26: joint 'mount': link 'fore' already has a parent (joint 'elbow', line 14)")]
    [InlineData("<child link=\"camera\"/>", "<child link=\"base\"/>",
        "two.urdf:26: joint 'mount' closes a cycle through link 'base'")]
    [InlineData("<limit lower=\"-1.5\" upper=\"1.5\"", "<limit lower=\"1.5\" upper=\"-1.5\"",
        "two.urdf:19: joint 'elbow': lower limit 1.5 exceeds upper limit -1.5")]
    public void Each_error_names_the_file_line_and_element(string from, string to, string message)
    {
        var xml = TwoJoints.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(TwoJoints, xml);
        var e = Assert.Throws<UrdfException>(() => Urdf.Parse(xml, "two.urdf"));
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_joints_are_refused_on_the_chain_only()
    {
        var floating = TwoJoints.Replace("name=\"elbow\" type=\"revolute\"", "name=\"elbow\" type=\"floating\"",
            StringComparison.Ordinal);
        Assert.StartsWith("two.urdf:14: joint 'elbow' is a floating joint",
            Assert.Throws<UrdfException>(() => Urdf.Parse(floating, "two.urdf", tipLink: "tool")).Message,
            StringComparison.Ordinal);
        var mimic = TwoJoints.Replace("<axis xyz=\"0 1 0\"/>", "<axis xyz=\"0 1 0\"/><mimic joint=\"shoulder\"/>",
            StringComparison.Ordinal);
        Assert.Contains("'elbow' is a mimic joint",
            Assert.Throws<UrdfException>(() => Urdf.Parse(mimic, "two.urdf", tipLink: "tool")).Message,
            StringComparison.Ordinal);
        // Below a chain that avoids them, they do no harm.
        Assert.Equal(1, Urdf.Parse(mimic, "two.urdf", tipLink: "camera").Count);
        Assert.StartsWith("two.urdf: 0 movable joints between 'upper' and 'camera'",
            Assert.Throws<UrdfException>(() => Urdf.Parse(TwoJoints, "two.urdf", "upper", "camera")).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void An_ambiguous_tip_lists_the_candidates_and_a_named_one_is_taken()
    {
        // A continuous wrist on the upper arm with a fixed lens: as long a chain as the elbow's to the tool.
        var forked = TwoJoints.Replace("""<joint name="mount" type="fixed">""", """
            <link name="lens"/>
            <joint name="lens_mount" type="fixed"><parent link="camera"/><child link="lens"/></joint>
            <joint name="mount" type="continuous">
            """, StringComparison.Ordinal);
        var e = Assert.Throws<UrdfException>(() => Urdf.Parse(forked, "f.urdf"));
        Assert.Contains("ends at several links (lens, tool): name one as the tip", e.Message, StringComparison.Ordinal);
        var camera = Urdf.Parse(forked, "f.urdf", tipLink: "lens");
        Assert.Equal(JointType.Continuous, camera.Joints[^1].Type);
        Assert.StartsWith("f.urdf: the tip 'base' is not below the base 'upper'",
            Assert.Throws<UrdfException>(() => Urdf.Parse(forked, "f.urdf", "upper", "base")).Message,
            StringComparison.Ordinal);
    }

    static string Iiwa7 => File.ReadAllText(TestRobots.File("iiwa7.urdf"));

    static int LineOf(string xml, string text) =>
        xml[..xml.IndexOf(text, StringComparison.Ordinal)].Count(c => c == '\n') + 1;

    [Theory]
    [InlineData("type=\"floating\"", "a floating joint")]
    [InlineData("type=\"planar\"", "a planar joint")]
    public void An_unsupported_joint_on_the_way_to_the_deepest_link_is_named_not_cut_off(string type, string what)
    {
        // Joint 3 of a 7-joint arm: the longest chain runs through it, so the arm may not silently end at link 2.
        var joint3 = "name=\"iiwa_joint_3\" type=\"revolute\"";
        var xml = Iiwa7.Replace(joint3, $"name=\"iiwa_joint_3\" {type}", StringComparison.Ordinal);
        var e = Assert.Throws<UrdfException>(() => Urdf.Parse(xml, "iiwa7.urdf"));
        Assert.StartsWith($"iiwa7.urdf:{LineOf(Iiwa7, joint3)}: joint 'iiwa_joint_3' is {what}", e.Message,
            StringComparison.Ordinal);
        Assert.Equal(2, Urdf.Parse(xml, "iiwa7.urdf", tipLink: "iiwa_link_2").Count);
    }

    [Fact]
    public void A_mimic_joint_at_the_end_is_named_not_dropped()
    {
        var joint7 = "<joint name=\"iiwa_joint_7\" type=\"revolute\">";
        var xml = Iiwa7.Replace(joint7, joint7 + "<mimic joint=\"iiwa_joint_5\"/>", StringComparison.Ordinal);
        var e = Assert.Throws<UrdfException>(() => Urdf.Parse(xml, "iiwa7.urdf"));
        Assert.StartsWith($"iiwa7.urdf:{LineOf(Iiwa7, joint7)}: joint 'iiwa_joint_7' is a mimic joint", e.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Files_that_only_look_like_robots_are_refused_with_what_to_do()
    {
        Assert.Equal("x.urdf:1: the file is empty",
            Assert.Throws<UrdfException>(() => Urdf.Parse("  \n", "x.urdf")).Message);
        var xacro = TwoJoints.Replace("<robot name=\"two\">",
            "<robot name=\"two\" xmlns:xacro=\"http://www.ros.org/wiki/xacro\">", StringComparison.Ordinal)
            .Replace("<link name=\"tool\"/>", "<link name=\"tool\"/>\n<xacro:property name=\"a\" value=\"1\"/>",
                StringComparison.Ordinal);
        Assert.StartsWith("two.urdf:6: <xacro:property> is a xacro macro: expand it with xacro first",
            Assert.Throws<UrdfException>(() => Urdf.Parse(xacro, "two.urdf")).Message, StringComparison.Ordinal);
        var undeclared = TwoJoints.Replace("<link name=\"tool\"/>", "<xacro:include filename=\"a.xacro\"/>",
            StringComparison.Ordinal);
        Assert.Contains("expand it with xacro first",
            Assert.Throws<UrdfException>(() => Urdf.Parse(undeclared, "two.urdf")).Message, StringComparison.Ordinal);
        var degrees = TwoJoints.Replace("<limit lower=\"-1.5\" upper=\"1.5\"", "<limit lower=\"-170\" upper=\"170\"",
            StringComparison.Ordinal);
        Assert.StartsWith("two.urdf:19: joint 'elbow': limits [-170, 170] go beyond two turns",
            Assert.Throws<UrdfException>(() => Urdf.Parse(degrees, "two.urdf")).Message, StringComparison.Ordinal);
        // The iiwa7 with every length in millimetres: a reach bound of 1,311 "metres".
        var millimetres = System.Text.RegularExpressions.Regex.Replace(Iiwa7, "xyz=\"0 0 ([0-9.]+)\"",
            m => FormattableString.Invariant($"xyz=\"0 0 {1000 * double.Parse(m.Groups[1].Value,
                System.Globalization.CultureInfo.InvariantCulture)}\""));
        Assert.Contains("URDF lengths are metres (is the file in millimetres?)",
            Assert.Throws<UrdfException>(() => Urdf.Parse(millimetres, "mm.urdf")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_default_namespace_is_read_as_plain_urdf()
    {
        var chain = Urdf.Parse(TwoJoints.Replace("<robot name=\"two\">",
            "<robot name=\"two\" xmlns=\"http://example.org/urdf\">", StringComparison.Ordinal), "two.urdf");
        Assert.Equal(("base", "tool", 2), (chain.BaseLink, chain.TipLink, chain.Count));
    }

    [Fact]
    public void A_joint_name_used_twice_is_refused()
    {
        var twice = TwoJoints.Replace("name=\"mount\"", "name=\"elbow\"", StringComparison.Ordinal);
        Assert.Equal("two.urdf:26: joint 'elbow' is defined twice (first on line 14)",
            Assert.Throws<UrdfException>(() => Urdf.Parse(twice, "two.urdf")).Message);
    }

    // A straight chain of fixed links ending in one revolute joint.
    static string LongChain(int links)
    {
        var xml = new System.Text.StringBuilder("<robot name=\"long\">\n<link name=\"l0\"/>\n");
        for (var i = 1; i < links; i++)
        {
            xml.Append(System.Globalization.CultureInfo.InvariantCulture, $"<link name=\"l{i}\"/><joint name=\"j{i}\" ")
                .Append(i == links - 1 ? "type=\"continuous\">" : "type=\"fixed\">")
                .Append(System.Globalization.CultureInfo.InvariantCulture,
                    $"<parent link=\"l{i - 1}\"/><child link=\"l{i}\"/><origin xyz=\"0 0 0.0001\"/></joint>\n");
        }
        return xml.Append("</robot>").ToString();
    }

    [Fact]
    public void Reading_grows_linearly_with_the_chain()
    {
        // Memory allocated, not seconds: it does not move with the machine's load. Each link of a quadratic reading
        // walked the chain above it with a set of its own (14.7 s for 20,000 links, 0.3 s for 2,000); a linear one
        // allocates about ten times as much for ten times the links.
        var (small, large) = (LongChain(2_000), LongChain(20_000));
        static long Allocated(string xml)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            Assert.Equal(1, Urdf.Parse(xml, "long.urdf").Count);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Allocated(small);
        var ratio = (double)Allocated(large) / Allocated(small);
        Assert.True(ratio < 20, $"20,000 links allocated {ratio:F1}× as much as 2,000");
    }
}
