using NeuralIk.Engine.IO;
using System.Buffers.Binary;
using System.Text;
using NeuralIk.Engine.Model;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Model;

public sealed class SafeTensorsTests : TempFolder
{
    static readonly TensorEntry Weight = new("0.weight", [2, 3], [1f, -2f, 3.5f, float.Epsilon, -0f, 1e30f]);
    static readonly TensorEntry Bias = new("0.bias", [2], [0.25f, float.NaN]);

    [Fact]
    public void Golden_header_and_layout()
    {
        var bytes = SafeTensors.Serialize([Weight, Bias], new Dictionary<string, string> { ["a"] = "b" });
        const string expected = """{"__metadata__":{"a":"b"},"0.weight":{"dtype":"F32","shape":[2,3],"data_offsets":"""
            + """[0,24]},"0.bias":{"dtype":"F32","shape":[2],"data_offsets":[24,32]}}""";
        var n = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, (8 + n) % 8);
        Assert.Equal(expected, Encoding.UTF8.GetString(bytes, 8, n).TrimEnd(' '));
        Assert.Equal(8 + n + 4 * (6 + 2), bytes.Length);
        Assert.Equal(1f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(8 + n)));
    }

    [Fact]
    public void Round_trip_is_bit_exact_with_metadata()
    {
        var path = In("m.safetensors");
        var meta = new Dictionary<string, string> { ["note"] = "θ1 — ünïcode", ["n"] = "3" };
        AtomicFile.WriteAllBytes(path, SafeTensors.Serialize([Weight, Bias, new TensorEntry("s", [1], [7f])], meta));
        var back = SafeTensors.Read(path);
        Assert.Equal(["0.weight", "0.bias", "s"], back.Tensors.Select(t => t.Name));
        Close.BitExact("weight", Weight.Data, back.Get("0.weight").Data);
        Close.BitExact("bias", Bias.Data, back.Get("0.bias").Data);
        Assert.Equal([2, 3], back.Get("0.weight").Shape);
        Assert.Equal(meta, back.Metadata);
    }

    [Fact]
    public void Every_truncation_is_rejected_with_the_file_name()
    {
        var bytes = SafeTensors.Serialize([Weight, Bias], new Dictionary<string, string>());
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var e = Assert.Throws<ModelFormatException>(() => SafeTensors.Parse(bytes.AsSpan(0, cut), "m.st"));
            Assert.StartsWith("m.st: ", e.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("""{"t":{"dtype":"F16","shape":[1],"data_offsets":[0,4]}}""", "dtype F16")]
    [InlineData("""{"t":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}""", "needs 8 bytes")]
    [InlineData("""{"t":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"u":"""
        + """{"dtype":"F32","shape":[1],"data_offsets":[2,6]}}""", "overlaps")]
    [InlineData("""{"t":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", "gap of 4 bytes")]
    [InlineData("""{"__metadata__":{"a":1},"t":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "only strings")]
    [InlineData("""{"t":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}""", "not a non-negative integer")]
    [InlineData("""{"t":{"dtype":"F32","shape":[1],"data_offsets":[0]}}""", "needs [begin, end]")]
    [InlineData("""{"t":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}""", "not valid JSON")]
    [InlineData("""[1,2]""", "not a JSON object")]
    [InlineData("""{"t":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"t":"""
        + """{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", "appears twice")]
    public void Corrupted_headers_are_rejected_with_the_reason(string header, string reason)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + 8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        var e = Assert.Throws<ModelFormatException>(() => SafeTensors.Parse(bytes, "bad.st"));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Huge_header_length_is_refused_before_allocating()
    {
        var bytes = new byte[64];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1UL << 40);
        var e = Assert.Throws<ModelFormatException>(() => SafeTensors.Parse(bytes, "big.st"));
        Assert.Contains("exceeds", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_write_leaves_the_old_file_and_no_temporary()
    {
        var path = In("keep.safetensors");
        AtomicFile.WriteAllBytes(path, SafeTensors.Serialize([Bias], new Dictionary<string, string>()));
        var before = File.ReadAllBytes(path);
        Assert.Throws<ArgumentException>(() => AtomicFile.WriteAllBytes(path,
            SafeTensors.Serialize([Bias, Bias], new Dictionary<string, string>())));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(Folder));
    }
}
