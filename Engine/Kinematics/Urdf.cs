using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace NeuralIk.Engine.Kinematics;

/// <summary>
/// Reads the kinematic chain of a URDF robot: links, joints (revolute, continuous, prismatic, fixed), each
/// joint's &lt;origin xyz rpy&gt;, &lt;axis&gt; (default x) and &lt;limit lower upper&gt;; visual, collision,
/// inertial and mesh elements are ignored, and so is a default XML namespace. The chain runs from the base link
/// (default: the root) to the tip link (default: the end of the longest chain of joints that move, floating,
/// planar and mimic joints counted, so that one of those on the way is reported rather than cutting the arm short;
/// when two ends tie, the error lists them). Fixed joints are folded into the next movable joint's origin, or into
/// the tip. Anything malformed gets one line naming the file, the line and the element; so do what only looks like
/// a robot: xacro macros not yet expanded, revolute limits in degrees, lengths in millimetres. Linear in the size
/// of the file.
/// </summary>
public static class Urdf
{
    /// <summary>A reach bound beyond this (m) means the lengths are not in metres: no arm is that long.</summary>
    public const double MaxReach = 30;
    // Revolute limits beyond two turns are degrees written where radians belong.
    const double MaxAngle = 4 * Math.PI;
    const string XacroHint = "expand it with xacro first (xacro robot.urdf.xacro > robot.urdf)";

    sealed record Joint(string Name, string Type, string Parent, string Child, Frame Origin, Vec3 Axis,
        double Lower, double Upper, bool Mimic, int Line)
    {
        public bool Movable => Type is "revolute" or "continuous" or "prismatic";
        /// <summary>A joint this solver cannot take: it moves, but not as one revolute or prismatic value.</summary>
        public bool Unsupported => Mimic || Type is "floating" or "planar";
    }

    public static SpatialChain Load(string path, string? baseLink = null, string? tipLink = null) =>
        Parse(File.ReadAllText(path), path, baseLink, tipLink);

    /// <summary>Reads <paramref name="xml"/>; <paramref name="name"/> stands for the file in messages.</summary>
    public static SpatialChain Parse(string xml, string name, string? baseLink = null, string? tipLink = null)
    {
        if (string.IsNullOrWhiteSpace(xml))
            throw new UrdfException($"{name}:1: the file is empty");
        XDocument doc;
        try
        {
            doc = XDocument.Parse(xml, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            var xacro = e.Message.Contains("'xacro' is an undeclared prefix", StringComparison.Ordinal);
            throw new UrdfException($"{name}:{Math.Max(1, e.LineNumber)}: " +
                (xacro ? $"a xacro element in a URDF: {XacroHint}" : $"not well-formed XML ({e.Message})"));
        }
        var robot = doc.Root is { Name.LocalName: "robot" } r ? r
            : throw new UrdfException($"{name}:1: the root element is not <robot>");
        if (robot.Descendants().FirstOrDefault(e => e.Name.NamespaceName.Contains("xacro",
                StringComparison.OrdinalIgnoreCase)) is { } macro)
            throw Error(name, macro, $"<xacro:{macro.Name.LocalName}> is a xacro macro: {XacroHint}");
        var links = new HashSet<string>(StringComparer.Ordinal);
        foreach (var link in Children(robot, "link"))
        {
            var linkName = Attribute(link, "name", name);
            if (!links.Add(linkName))
                throw Error(name, link, $"link '{linkName}' is defined twice");
        }
        if (links.Count == 0)
            throw Error(name, robot, "the robot has no links");
        var joints = Children(robot, "joint").Select(j => ReadJoint(j, name, links)).ToList();
        var parentOf = new Dictionary<string, Joint>(StringComparer.Ordinal);
        var byName = new Dictionary<string, Joint>(StringComparer.Ordinal);
        foreach (var j in joints)
        {
            if (!byName.TryAdd(j.Name, j))
                throw new UrdfException($"{name}:{j.Line}: joint '{j.Name}' is defined twice (first on line " +
                    $"{byName[j.Name].Line})");
            if (!parentOf.TryAdd(j.Child, j))
                throw new UrdfException($"{name}:{j.Line}: joint '{j.Name}': link '{j.Child}' already has a parent " +
                    $"(joint '{parentOf[j.Child].Name}', line {parentOf[j.Child].Line})");
        }
        var roots = links.Where(l => !parentOf.ContainsKey(l)).Order(StringComparer.Ordinal).ToList();
        if (roots.Count == 0)
            throw new UrdfException($"{name}:{joints[0].Line}: the joints form a cycle: every link has a parent");
        RequireAcyclic(links, parentOf, name);
        var from = baseLink ?? (roots.Count == 1 ? roots[0]
            : throw new UrdfException($"{name}: several root links ({string.Join(", ", roots)}): name one as the " +
                "base"));
        if (!links.Contains(from))
            throw new UrdfException($"{name}: no link '{from}' for the base");
        var to = tipLink ?? DefaultTip(from, joints, name);
        if (!links.Contains(to))
            throw new UrdfException($"{name}: no link '{to}' for the tip");
        var chain = Build(name, from, to, parentOf);
        return chain.Reach <= MaxReach ? chain
            : throw new UrdfException(FormattableString.Invariant($"{name}: the chain {from} → {to} reaches up to ") +
                FormattableString.Invariant($"{chain.Reach:N0} m: URDF lengths are metres (is the file in ") +
                "millimetres?)");
    }

    static Joint ReadJoint(XElement e, string file, HashSet<string> links)
    {
        var name = Attribute(e, "name", file);
        var type = Attribute(e, "type", file);
        if (type is not ("revolute" or "continuous" or "prismatic" or "fixed" or "floating" or "planar"))
            throw Error(file, e, $"joint '{name}' has type '{type}', which URDF does not define");
        string Link(string which)
        {
            var element = Child(e, which) ?? throw Error(file, e, $"joint '{name}' has no <{which}>");
            var link = Attribute(element, "link", file);
            return links.Contains(link) ? link
                : throw Error(file, element, $"joint '{name}': {which} link '{link}' is not defined");
        }
        var (parent, child) = (Link("parent"), Link("child"));
        var origin = Frame.Identity;
        if (Child(e, "origin") is { } o)
        {
            var rpy = Vector(o, "rpy", Vec3.Zero, file);
            origin = Frame.FromXyzRpy(Vector(o, "xyz", Vec3.Zero, file), rpy.X, rpy.Y, rpy.Z);
        }
        var axis = Child(e, "axis") is { } a ? Vector(a, "xyz", new Vec3(1, 0, 0), file) : new Vec3(1, 0, 0);
        var movable = type is "revolute" or "continuous" or "prismatic";
        if (movable && axis.Length < 1e-12)
            throw Error(file, Child(e, "axis")!, $"joint '{name}' has a zero axis");
        var (lower, upper) = (double.NegativeInfinity, double.PositiveInfinity);
        if (type is "revolute" or "prismatic")
        {
            var limit = Child(e, "limit") ?? throw Error(file, e, $"{type} joint '{name}' has no <limit>");
            (lower, upper) = (Number(limit, "lower", 0, file), Number(limit, "upper", 0, file));
            if (lower > upper)
                throw Error(file, limit, $"joint '{name}': lower limit {lower} exceeds upper limit {upper}");
            if (type == "revolute" && Math.Max(Math.Abs(lower), Math.Abs(upper)) > MaxAngle)
                throw Error(file, limit, FormattableString.Invariant($"joint '{name}': limits [{lower}, {upper}] ") +
                    "go beyond two turns: URDF gives revolute limits in radians, not degrees");
        }
        return new Joint(name, type, parent, child, origin, movable ? (1 / axis.Length) * axis : axis, lower, upper,
            Child(e, "mimic") is not null, Line(e));
    }

    // Every link's way up ends at a root: each link is walked once, the walk stopping where an earlier one did.
    static void RequireAcyclic(IEnumerable<string> links, Dictionary<string, Joint> parentOf, string file)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var path = new HashSet<string>(StringComparer.Ordinal);
        foreach (var link in links)
        {
            path.Clear();
            for (var at = link; !done.Contains(at) && parentOf.TryGetValue(at, out var j); at = j.Parent)
            {
                if (!path.Add(at))
                    throw new UrdfException($"{file}:{j.Line}: joint '{j.Name}' closes a cycle through link '{at}'");
            }
            done.UnionWith(path);
        }
    }

    // The end of the longest chain of joints that move below the base (by count, then by depth); fixed joints after it
    // extend it to the last link, so a flange or tool frame is the tip. A walk with its own stack: a chain of
    // 20,000 links is as deep.
    static string DefaultTip(string from, List<Joint> joints, string file)
    {
        var children = joints.ToLookup(j => j.Parent, StringComparer.Ordinal);
        var best = (Moving: -1, Depth: -1);
        var ends = new List<string>();
        var stack = new Stack<(string Link, int Moving, int Depth)>();
        stack.Push((from, 0, 0));
        while (stack.TryPop(out var at))
        {
            var below = children[at.Link];
            if (!below.Any())
            {
                if ((at.Moving, at.Depth).CompareTo(best) > 0)
                    (best, ends) = ((at.Moving, at.Depth), []);
                if ((at.Moving, at.Depth) == best)
                    ends.Add(at.Link);
            }
            foreach (var j in below)
                stack.Push((j.Child, at.Moving + (j.Movable || j.Unsupported ? 1 : 0), at.Depth + 1));
        }
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
            if (j.Unsupported)
                throw new UrdfException($"{file}:{j.Line}: joint '{j.Name}' is " +
                    $"{(j.Mimic ? "a mimic joint" : $"a {j.Type} joint")}, which this solver does not support " +
                    $"(a chain may end at link '{j.Parent}' before it)");
            if (!j.Movable)
            {
                pending *= j.Origin;
                continue;
            }
            var type = j.Type switch { "revolute" => JointType.Revolute, "continuous" => JointType.Continuous,
                _ => JointType.Prismatic };
            var range = type == JointType.Continuous ? JointRange.Unlimited : new JointRange(j.Lower, j.Upper);
            joints.Add(new SpatialJoint(j.Name, type, pending * j.Origin, j.Axis, range, j.Line));
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

    static IEnumerable<XElement> Children(XElement e, string name) =>
        e.Elements().Where(c => c.Name.LocalName == name);

    static XElement? Child(XElement e, string name) => Children(e, name).FirstOrDefault();

    static int Line(XElement e) => ((IXmlLineInfo)e).LineNumber;

    static UrdfException Error(string file, XElement e, string message) => new($"{file}:{Line(e)}: {message}");
}
