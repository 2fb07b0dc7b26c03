using NeuralIk.Engine.Model;
using NeuralIk.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace NeuralIk.Tests.Architecture;

/// <summary>
/// Dependencies point one way: inside the engine Kinematics ← Model ← Training / Solving (Training and Solving do
/// not use each other), the numeric kernels below everything; in the command line the pictures ← its shared pieces
/// (NeuralIk.Cli: targets, answers, training) ← the server ← the commands, all above the engine. Read from the
/// compiled assemblies (see <see cref="TypeReferences"/>) and pinned edge by edge: a new use, in either direction,
/// fails here until it is written down.
/// </summary>
public sealed class NamespaceDirectionTests(ITestOutputHelper output)
{
    // Every edge "from → to" between the engine's namespaces, exactly.
    static readonly string[] EngineEdges =
    [
        "Calibration → Data", "Calibration → Kinematics", "Calibration → Numerics", "Data → IO",
        "Data → Kinematics", "Data → Numerics", "Kinematics → Numerics", "Layers → Tensors", "Losses → Kinematics",
        "Model → Data", "Model → IO", "Model → Kinematics", "Model → Layers",
        "Model → Numerics", "Model → Tensors", "Optimizers → Tensors", "Solving → Data", "Solving → Kinematics",
        "Solving → Model", "Solving → Numerics", "Threading → Tensors", "Training → Data", "Training → IO",
        "Training → Kinematics", "Training → Layers", "Training → Losses", "Training → Model",
        "Training → Numerics", "Training → Optimizers", "Training → Tensors", "Training → Threading",
    ];

    // Every edge between the command line's namespaces, exactly (its uses of the engine are below it by assembly).
    static readonly string[] CliEdges =
    [
        "Cli → Cli.Pictures", "Cli.Commands → Cli", "Cli.Commands → Cli.Pictures", "Cli.Commands → Cli.Server",
        "Cli.Commands → Onnx", "Cli.Server → Cli",
    ];

    [Fact]
    public void Engine_namespaces_use_exactly_the_pinned_layers_below_them()
    {
        var graph = Edges(typeof(IkModel).Assembly, "NeuralIk.Engine.");
        Assert.Equal(EngineEdges.Order(StringComparer.Ordinal), graph);
        // Training and Solving stand beside each other, and nothing uses either.
        Assert.DoesNotContain(graph, e => e.EndsWith("→ Solving", StringComparison.Ordinal)
            || e.EndsWith("→ Training", StringComparison.Ordinal));
    }

    [Fact]
    public void Command_line_namespaces_use_exactly_the_pinned_ones()
    {
        var graph = Edges(typeof(NeuralIk.Cli.CliRunner).Assembly, "NeuralIk.");
        Assert.Equal(CliEdges.Order(StringComparer.Ordinal), graph.Where(e => !e.Contains("→ Engine",
            StringComparison.Ordinal)));
        // The engine never uses the command line.
        Assert.DoesNotContain(typeof(IkModel).Assembly.GetReferencedAssemblies(),
            a => a.Name == typeof(NeuralIk.Cli.CliRunner).Assembly.GetName().Name);
    }

    // "from → to" for every use of one namespace's types by another's, prefix dropped; the engine's sub-namespaces
    // by their first part, the command line's by their whole name.
    SortedSet<string> Edges(System.Reflection.Assembly assembly, string prefix)
    {
        var graph = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            if (Layer(type, prefix) is not { } from)
                continue;
            foreach (var used in TypeReferences.Of(type))
            {
                if (Layer(used, prefix) is { } to && to != from)
                    graph.Add($"{from} → {to}");
            }
        }
        foreach (var edge in graph)
            output.WriteLine(edge);
        return graph;
    }

    [Fact]
    public void The_reference_reader_sees_a_use_inside_a_method_body()
    {
        // Mlp's constructor builds Dense layers only in its body and a field list; Dense must be found.
        Assert.Contains(TypeReferences.Of(typeof(Mlp)), t => t.Namespace == "NeuralIk.Engine.Layers");
        // A lambda's closure is a nested type: its references count for the engine type that wrote it.
        Assert.Contains(typeof(IkModel).Assembly.GetTypes(),
            t => t.IsNested && Layer(t, "NeuralIk.Engine.") == "Model");
    }

    static string? Layer(Type type, string prefix)
    {
        var ns = Outer(type).Namespace;
        if (ns is null || !ns.StartsWith(prefix, StringComparison.Ordinal))
            return null;
        var rest = ns[prefix.Length..];
        if (rest.StartsWith("Engine.", StringComparison.Ordinal))
            return "Engine";
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return prefix.EndsWith("Engine.", StringComparison.Ordinal) && dot >= 0 ? rest[..dot] : rest;
    }

    static Type Outer(Type type) => type.DeclaringType is { } d ? Outer(d) : type;
}
