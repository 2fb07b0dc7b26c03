namespace NeuralIk.Engine.Model;

/// <summary>A named float32 tensor: row-major data and its shape.</summary>
public sealed record TensorEntry
{
    public TensorEntry(string name, int[] shape, float[] data)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0)
                throw new ArgumentException($"tensor '{name}' has a negative dimension in " +
                    $"[{string.Join(", ", shape)}]");
            count *= d;
        }
        if (count != data.Length)
            throw new ArgumentException($"tensor '{name}' of shape [{string.Join(", ", shape)}] needs {count} " +
                $"values, has {data.Length}");
        Name = name;
        Shape = shape;
        Data = data;
    }

    public string Name { get; }
    public int[] Shape { get; }
    public float[] Data { get; }
}

/// <summary>The content of a safetensors file: tensors in file order and the string metadata.</summary>
public sealed class SafeTensorsFile(IReadOnlyList<TensorEntry> tensors, IReadOnlyDictionary<string, string> metadata,
    string source)
{
    public IReadOnlyList<TensorEntry> Tensors { get; } = tensors;
    public IReadOnlyDictionary<string, string> Metadata { get; } = metadata;

    public TensorEntry Get(string name) =>
        Tensors.FirstOrDefault(t => t.Name == name) ?? throw new ModelFormatException($"{source}: no tensor named " +
            $"'{name}'");
}
