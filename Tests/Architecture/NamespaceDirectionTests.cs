using NeuralIk.Engine.Model;
using NeuralIk.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace NeuralIk.Tests.Architecture;

/// <summary>
/// Dependencies inside the engine point one way: Kinematics ← Model ← Training / Solving, with the
/// numeric kernels below everything and nothing depending on a layer above it. Read from the compiled
/// engine (see <see cref="TypeReferences"/>), so a new reference in the wrong direction fails here.
/// </summary>
public sealed class NamespaceDirectionTests(ITestOutputHelper output)
{
    const string Prefix = "NeuralIk.Engine.";

    // Each engine namespace and the engine namespaces it may use (besides itself).
    static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Numerics"] = [],
        ["IO"] = [],
        ["Tensors"] = ["Numerics"],
        ["Threading"] = ["Numerics", "Tensors"],
        ["Layers"] = ["Numerics", "Tensors"],
        ["Optimizers"] = ["Numerics", "Tensors"],
        ["Losses"] = ["Numerics", "Tensors", "Kinematics"],
        ["Kinematics"] = ["Numerics"],
        ["Data"] = ["Numerics", "IO", "Kinematics"],
        ["Model"] = ["Numerics", "IO", "Tensors", "Threading", "Layers", "Data", "Kinematics"],
        ["Training"] = ["Numerics", "IO", "Tensors", "Threading", "Layers", "Optimizers", "Losses", "Data",
            "Kinematics", "Model"],
        ["Solving"] = ["Numerics", "IO", "Tensors", "Data", "Kinematics", "Model"],
    };

    [Fact]
    public void Engine_namespaces_only_use_the_layers_below_them()
    {
        var wrong = new SortedSet<string>();
        var graph = new SortedSet<string>();
        foreach (var type in typeof(IkModel).Assembly.GetTypes())
        {
            var from = Layer(type);
            if (from is null)
                continue;
            Assert.True(Allowed.ContainsKey(from), $"namespace {from} ({type.FullName}) has no place in the order");
            foreach (var used in TypeReferences.Of(type))
            {
                var to = Layer(used);
                if (to is null || to == from)
                    continue;
                graph.Add($"{from} → {to}");
                if (!Allowed[from].Contains(to))
                    wrong.Add($"{from} → {to}: {Outer(type).FullName} uses {used.FullName}");
            }
        }
        foreach (var edge in graph)
            output.WriteLine(edge);
        Assert.Empty(wrong);
    }

    [Fact]
    public void The_reference_reader_sees_a_use_inside_a_method_body()
    {
        // Mlp's constructor builds Dense layers only in its body and a field list; Dense must be found.
        Assert.Contains(TypeReferences.Of(typeof(Mlp)), t => t.Namespace == "NeuralIk.Engine.Layers");
        // A lambda's closure is a nested type: its references count for the engine type that wrote it.
        Assert.Contains(typeof(IkModel).Assembly.GetTypes(), t => t.IsNested && Layer(t) == "Model");
    }

    static string? Layer(Type type)
    {
        var ns = Outer(type).Namespace;
        if (ns is null || !ns.StartsWith(Prefix, StringComparison.Ordinal))
            return null;
        var rest = ns[Prefix.Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    static Type Outer(Type type) => type.DeclaringType is { } d ? Outer(d) : type;
}
