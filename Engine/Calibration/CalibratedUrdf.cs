using System.Globalization;
using System.Xml.Linq;
using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Calibration;

/// <summary>
/// A calibration as a URDF other tools read: a root link <c>instrument</c>, a fixed joint to the robot's base
/// link (the instrument frame), the movable joints under their own names with their calibrated origins (a zero
/// offset folded into the origin's rotation, so the joint values stay the commands), the tip link, and a fixed
/// joint to the link <c>marker</c>. Kinematics only: links carry no geometry, limits no effort or velocity of
/// their own (written 0; the nominal file keeps the real ones).
/// </summary>
public static class CalibratedUrdf
{
    public static string Write(GeometryModel model, double[] parameters, string robotName)
    {
        var blocks = model.Frames(parameters);
        var chain = model.Nominal;
        var links = new List<string> { "instrument", chain.BaseLink };
        var joints = new List<XElement> { Fixed("instrument_fixed", "instrument", chain.BaseLink, blocks[0]) };
        var parent = chain.BaseLink;
        for (var i = 0; i < chain.Count; i++)
        {
            var j = chain.Joints[i];
            var child = Unique(j.Name + "_link", links);
            links.Add(child);
            var joint = new XElement("joint", new XAttribute("name", j.Name),
                new XAttribute("type", j.Type.ToString().ToLowerInvariant()),
                Link("parent", parent), Link("child", child), Origin(blocks[i + 1]),
                new XElement("axis", new XAttribute("xyz", Xyz(j.Axis))));
            if (j.Type != JointType.Continuous)
                joint.Add(new XElement("limit", new XAttribute("lower", Number(j.Range.Lo)),
                    new XAttribute("upper", Number(j.Range.Hi)), new XAttribute("effort", "0"),
                    new XAttribute("velocity", "0")));
            joints.Add(joint);
            parent = child;
        }
        var tip = Unique(chain.TipLink, links);
        links.AddRange([tip, "marker"]);
        joints.Add(Fixed(tip + "_fixed", parent, tip, Frame.Identity));
        joints.Add(Fixed("marker_fixed", tip, "marker", blocks[^1]));
        var robot = new XElement("robot", new XAttribute("name", robotName),
            links.Select(l => new XElement("link", new XAttribute("name", l))), joints);
        var doc = new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XComment(" Calibrated by neural-ik calibrate: the marker's pose in the instrument's frame. "), robot);
        return doc.Declaration + "\n" + doc + "\n";
    }

    static XElement Fixed(string name, string parent, string child, Frame origin) =>
        new("joint", new XAttribute("name", name), new XAttribute("type", "fixed"),
            Link("parent", parent), Link("child", child), Origin(origin));

    static XElement Link(string role, string link) => new(role, new XAttribute("link", link));

    static XElement Origin(Frame f)
    {
        var (roll, pitch, yaw) = f.Rpy();
        return new XElement("origin", new XAttribute("xyz", Xyz(f.P)),
            new XAttribute("rpy", $"{Number(roll)} {Number(pitch)} {Number(yaw)}"));
    }

    static string Unique(string name, List<string> taken)
    {
        while (taken.Contains(name))
            name += "_";
        return name;
    }

    static string Xyz(Vec3 v) => $"{Number(v.X)} {Number(v.Y)} {Number(v.Z)}";

    static string Number(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
