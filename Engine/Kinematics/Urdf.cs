using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace NeuralIk.Engine.Kinematics;

/// <summary>
/// Reads the kinematic chain of a URDF robot: links, joints (revolute, continuous, prismatic, fixed), each
/// joint's &lt;origin xyz rpy&gt;, &lt;axis&gt; (default x) and &lt;limit lower upper&gt;; visual, collision,
/// inertial and mesh elements are ignored. The chain runs from the base link (default: the root) to the tip
/// link (default: the end of the longest movable chain; when two ends tie, the error lists them). Fixed
/// joints are folded into the next movable joint's origin, or into the tip. Anything malformed gets one
/// line naming the file, the line and the element.
/// </summary>
public static class Urdf
{
    sealed record Joint(string Name, string Type, string Parent, string Child, Frame Origin, Vec3 Axis,
        double Lower, double Upper, bool Mimic, int Line)
    {
        public bool Movable => Type is "revolute" or "continuous" or "prismatic";
    }

    public static SpatialChain Load(string path, string? baseLink = null, string? tipLink = null) =>
        Parse(File.ReadAllText(path), path, baseLink, tipLink);

    /// <summary>Reads <paramref name="xml"/>; <paramref name="name"/> stands for the file in messages.</summary>
    public static SpatialChain Parse(string xml, string name, string? baseLink = null, string? tipLink = null)
    {
        XDocument doc;
        try
        {
            doc = XDocument.Parse(xml, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            throw new UrdfException($"{name}:{e.LineNumber}: not well-formed XML ({e.Message})");
        }
        var robot = doc.Root is { Name.LocalName: "robot" } r ? r
            : throw new UrdfException($"{name}:1: the root element is not <robot>");
        var links = new HashSet<string>(StringComparer.Ordinal);
        foreach (var link in robot.Elements("link"))
        {
            var linkName = Attribute(link, "name", name);
            if (!links.Add(linkName))
                throw Error(name, link, $"link '{linkName}' is defined twice");
        }
        if (links.Count == 0)
            throw Error(name, robot, "the robot has no links");
        var joints = robot.Elements("joint").Select(j => ReadJoint(j, name, links)).ToList();
        var parentOf = new Dictionary<string, Joint>(StringComparer.Ordinal);
        foreach (var j in joints)
        {
            if (!parentOf.TryAdd(j.Child, j))
                throw new UrdfException($"{name}:{j.Line}: joint '{j.Name}': link '{j.Child}' already has a parent " +
                    $"(joint '{parentOf[j.Child].Name}', line {parentOf[j.Child].Line})");
        }
        var roots = links.Where(l => !parentOf.ContainsKey(l)).Order(StringComparer.Ordinal).ToList();
        if (roots.Count == 0)
            throw new UrdfException($"{name}:{joints[0].Line}: the joints form a cycle: every link has a parent");
        foreach (var link in links)
            RequireRoot(link, parentOf, name);
        var from = baseLink ?? (roots.Count == 1 ? roots[0]
            : throw new UrdfException($"{name}: several root links ({string.Join(", ", roots)}): name one as the " +
                "base"));
        if (!links.Contains(from))
            throw new UrdfException($"{name}: no link '{from}' for the base");
        var to = tipLink ?? DefaultTip(from, joints, name);
        if (!links.Contains(to))
            throw new UrdfException($"{name}: no link '{to}' for the tip");
        return Build(name, from, to, parentOf);
    }

    static Joint ReadJoint(XElement e, string file, HashSet<string> links)
    {
        var name = Attribute(e, "name", file);
        var type = Attribute(e, "type", file);
        if (type is not ("revolute" or "continuous" or "prismatic" or "fixed" or "floating" or "planar"))
            throw Error(file, e, $"joint '{name}' has type '{type}', which URDF does not define");
        string Link(string which)
        {
            var element = e.Element(which) ?? throw Error(file, e, $"joint '{name}' has no <{which}>");
            var link = Attribute(element, "link", file);
            return links.Contains(link) ? link
                : throw Error(file, element, $"joint '{name}': {which} link '{link}' is not defined");
        }
        var (parent, child) = (Link("parent"), Link("child"));
        var origin = Frame.Identity;
        if (e.Element("origin") is { } o)
        {
            var rpy = Vector(o, "rpy", Vec3.Zero, file);
            origin = Frame.FromXyzRpy(Vector(o, "xyz", Vec3.Zero, file), rpy.X, rpy.Y, rpy.Z);
        }
        var axis = e.Element("axis") is { } a ? Vector(a, "xyz", new Vec3(1, 0, 0), file) : new Vec3(1, 0, 0);
        var movable = type is "revolute" or "continuous" or "prismatic";
        if (movable && axis.Length < 1e-12)
            throw Error(file, e.Element("axis")!, $"joint '{name}' has a zero axis");
        var (lower, upper) = (double.NegativeInfinity, double.PositiveInfinity);
        if (type is "revolute" or "prismatic")
        {
            var limit = e.Element("limit") ?? throw Error(file, e, $"{type} joint '{name}' has no <limit>");
            (lower, upper) = (Number(limit, "lower", 0, file), Number(limit, "upper", 0, file));
            if (lower > upper)
                throw Error(file, limit, $"joint '{name}': lower limit {lower} exceeds upper limit {upper}");
        }
        return new Joint(name, type, parent, child, origin, movable ? (1 / axis.Length) * axis : axis, lower, upper,
            e.Element("mimic") is not null, Line(e));
    }

    static void RequireRoot(string link, Dictionary<string, Joint> parentOf, string file)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var at = link; parentOf.TryGetValue(at, out var j); at = j.Parent)
        {
            if (!seen.Add(at))
                throw new UrdfException($"{file}:{j.Line}: joint '{j.Name}' closes a cycle through link '{at}'");
        }
    }

    // The end of the longest chain of movable joints below the base; fixed joints after it extend it to the last
    // link, so a flange or tool frame is the tip.
    static string DefaultTip(string from, List<Joint> joints, string file)
    {
        var children = joints.ToLookup(j => j.Parent, StringComparer.Ordinal);
        var best = (Movable: -1, Depth: -1);
        var ends = new List<string>();
        void Walk(string link, int movable, int depth)
        {
            var below = children[link].Where(j => j.Type is not ("floating" or "planar") && !j.Mimic).ToList();
            if (below.Count == 0)
            {
                if ((movable, depth).CompareTo(best) > 0)
                    (best, ends) = ((movable, depth), []);
                if ((movable, depth) == best)
                    ends.Add(link);
            }
            foreach (var j in below)
                Walk(j.Child, movable + (j.Movable ? 1 : 0), depth + 1);
        }
        Walk(from, 0, 0);
        return ends.Count == 1 ? ends[0]
            : throw new UrdfException($"{file}: the longest chain below '{from}' ends at several links " +
                $"({string.Join(", ", ends.Order(StringComparer.Ordinal))}): name one as the tip");
    }

    static SpatialChain Build(string file, string from, string to, Dictionary<string, Joint> parentOf)
    {
        var path = new List<Joint>();
        for (var at = to; at != from; at = path[^1].Parent)
        {
            if (!parentOf.TryGetValue(at, out var j))
                throw new UrdfException($"{file}: the tip '{to}' is not below the base '{from}'");
            path.Add(j);
        }
        path.Reverse();
        var joints = new List<SpatialJoint>();
        var pending = Frame.Identity;
        foreach (var j in path)
        {
            if (j.Mimic || j.Type is "floating" or "planar")
                throw new UrdfException($"{file}:{j.Line}: joint '{j.Name}' is " +
                    $"{(j.Mimic ? "a mimic joint" : $"a {j.Type} joint")}, which this solver does not support");
            if (!j.Movable)
            {
                pending *= j.Origin;
                continue;
            }
            var type = j.Type switch { "revolute" => JointType.Revolute, "continuous" => JointType.Continuous,
                _ => JointType.Prismatic };
            joints.Add(new SpatialJoint(j.Name, type, pending * j.Origin, j.Axis, j.Lower, j.Upper, j.Line));
            pending = Frame.Identity;
        }
        if (joints.Count is 0 or > JointVector.Capacity)
            throw new UrdfException($"{file}: {joints.Count} movable joints between '{from}' and '{to}'; a chain has " +
                $"1 to {JointVector.Capacity}");
        return new SpatialChain(from, to, joints, pending);
    }

    static string Attribute(XElement e, string attribute, string file) =>
        e.Attribute(attribute)?.Value is { Length: > 0 } value ? value
            : throw Error(file, e, $"<{e.Name.LocalName}> has no {attribute}");

    static double Number(XElement e, string attribute, double fallback, string file)
    {
        if (e.Attribute(attribute) is not { } a)
            return fallback;
        return double.TryParse(a.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            && double.IsFinite(v) ? v
            : throw Error(file, e, $"<{e.Name.LocalName}> {attribute}=\"{a.Value}\" is not a finite number");
    }

    static Vec3 Vector(XElement e, string attribute, Vec3 fallback, string file)
    {
        if (e.Attribute(attribute) is not { } a)
            return fallback;
        var parts = a.Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var values = new double[3];
        if (parts.Length != 3 || !parts.Select((p, i) => double.TryParse(p, NumberStyles.Float,
                CultureInfo.InvariantCulture, out values[i]) && double.IsFinite(values[i])).All(ok => ok))
            throw Error(file, e, $"<{e.Name.LocalName}> {attribute}=\"{a.Value}\" is not three finite numbers");
        return new Vec3(values[0], values[1], values[2]);
    }

    static int Line(XElement e) => ((IXmlLineInfo)e).LineNumber;

    static UrdfException Error(string file, XElement e, string message) => new($"{file}:{Line(e)}: {message}");
}
