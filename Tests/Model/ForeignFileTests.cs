using System.Buffers.Binary;
using System.Text.Json;
using NeuralIk.Engine.Data;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Model;

/// <summary>
/// A model file as another writer would lay it out: metadata last, tensors in reverse order in the
/// header and the data, no padding after the header. Only the names, shapes and dtype are shared.
/// </summary>
public sealed class ForeignFileTests : TempFolder
{
    static IkModel Model()
    {
        var network = new Mlp([2, 5, 3, 2]);
        network.InitializeGlorot(new Rng(81));
        foreach (ref var p in network.Parameters)
            p += 0.01f;
        return new IkModel(network, new MinMaxScaler([-2f, -1f], [2f, 1f]),
            new PlanarChain(Arm.Default, JointLimits.Full), TaskBounds.PlanarPosition, ModelKind.Seed);
    }

    string WriteForeign(IkModel model, Func<TensorEntry, (string Dtype, int[] Shape)>? corrupt = null)
    {
        var ours = SafeTensors.Read(Save(model));
        var tensors = ours.Tensors.Reverse().ToArray();
        var header = new Dictionary<string, object>();
        var data = new MemoryStream();
        Span<byte> bytes = stackalloc byte[4];
        foreach (var t in tensors)
        {
            var (dtype, shape) = corrupt?.Invoke(t) ?? ("F32", t.Shape);
            header[t.Name] = new { dtype, shape,
                data_offsets = new[] { data.Length, data.Length + 4L * t.Data.Length } };
            foreach (var v in t.Data)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes, v);
                data.Write(bytes);
            }
        }
        header["__metadata__"] = ours.Metadata;
        var json = JsonSerializer.SerializeToUtf8Bytes(header);
        var path = In("foreign.safetensors");
        using var file = File.Create(path);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)json.Length);
        file.Write(length);
        file.Write(json);
        file.Write(data.ToArray());
        return path;
    }

    string Save(IkModel model)
    {
        var path = In("ours.safetensors");
        model.Save(path);
        return path;
    }

    [Fact]
    public void A_file_laid_out_by_another_writer_loads_to_the_same_parameters()
    {
        var model = Model();
        var loaded = IkModel.Load(WriteForeign(model));
        Close.BitExact("parameters", model.Network.Parameters, loaded.Network.Parameters);
        Assert.Equal(model.Scaler.Min, loaded.Scaler.Min);
        Assert.Equal(model.Outputs, loaded.Outputs);
    }

    [Fact]
    public void Wrong_shapes_and_dtypes_are_rejected_with_the_tensor_named()
    {
        var model = Model();
        var transposed = WriteForeign(model, t => ("F32", t.Name == "2.weight" ? [.. t.Shape.Reverse()] : t.Shape));
        var e = Assert.Throws<ModelFormatException>(() => IkModel.Load(transposed));
        Assert.Contains("tensor '2.weight' has shape [5, 3], expected [3, 5]", e.Message, StringComparison.Ordinal);
        var halves = WriteForeign(model, t => (t.Name == "0.bias" ? "F16" : "F32", t.Shape));
        e = Assert.Throws<ModelFormatException>(() => IkModel.Load(halves));
        Assert.Contains("tensor '0.bias' has dtype F16, only F32 is supported", e.Message, StringComparison.Ordinal);
    }
}
