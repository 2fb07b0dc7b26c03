using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace NeuralIk.Engine.Model;

/// <summary>
/// The safetensors format for float32 tensors: an 8-byte little-endian header length N, N bytes of
/// UTF-8 JSON ({name: {dtype, shape, data_offsets: [begin, end)}, "__metadata__": {string: string}}),
/// space-padded so the data starts at a multiple of 8, then the tensors' raw little-endian bytes,
/// back to back, covering the data exactly. Reading checks every one of those rules.
/// </summary>
public static class SafeTensors
{
    /// <summary>Headers above this size are refused before anything is allocated for them.</summary>
    public const long MaxHeaderBytes = 16 << 20;

    /// <summary>Tensors in the given order, metadata keys sorted: the same model always gives the same bytes.</summary>
    public static byte[] Serialize(IEnumerable<TensorEntry> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var list = tensors.ToList();
        if (list.Select(t => t.Name).Distinct(StringComparer.Ordinal).Count() != list.Count
            || list.Any(t => t.Name == MetadataKey))
            throw new ArgumentException("tensor names must be unique and not '__metadata__'");
        var json = new MemoryStream();
        using (var w = new Utf8JsonWriter(json))
        {
            w.WriteStartObject();
            if (metadata.Count > 0)
            {
                w.WriteStartObject(MetadataKey);
                foreach (var key in metadata.Keys.Order(StringComparer.Ordinal))
                    w.WriteString(key, metadata[key]);
                w.WriteEndObject();
            }
            long offset = 0;
            foreach (var t in list)
            {
                w.WriteStartObject(t.Name);
                w.WriteString("dtype", "F32");
                w.WriteStartArray("shape");
                foreach (var d in t.Shape)
                    w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                w.WriteNumberValue(offset += 4L * t.Data.Length);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        var header = json.ToArray();
        var padded = (header.Length + 7) / 8 * 8;
        var data = list.Sum(t => 4L * t.Data.Length);
        var bytes = new byte[8 + padded + data];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)padded);
        header.CopyTo(bytes, 8);
        bytes.AsSpan(8 + header.Length, padded - header.Length).Fill((byte)' ');
        var at = 8 + padded;
        foreach (var t in list)
        {
            for (var i = 0; i < t.Data.Length; i++, at += 4)
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(at), t.Data[i]);
        }
        return bytes;
    }

    /// <summary>Largest file <see cref="Read"/> accepts: models here are a few MB.</summary>
    public const int MaxFileBytes = 256 << 20;

    public static SafeTensorsFile Read(string path)
    {
        byte[] bytes;
        try
        {
            // Bounded: a device such as /dev/zero, or a huge file, must not be read until memory runs out.
            using var stream = File.OpenRead(path);
            using var buffer = new MemoryStream();
            var chunk = new byte[1 << 16];
            for (int read; (read = stream.Read(chunk)) > 0;)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > MaxFileBytes)
                    throw new ModelFormatException($"{path}: larger than {MaxFileBytes >> 20} MB, not a model file");
            }
            bytes = buffer.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFormatException($"{path}: cannot read the file", e);
        }
        return Parse(bytes, path);
    }

    public static SafeTensorsFile Parse(ReadOnlySpan<byte> bytes, string source)
    {
        if (bytes.Length < 8)
            throw Bad(source, $"file is truncated: {bytes.Length} bytes, too short for the 8-byte header length");
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderBytes)
            throw Bad(source,
                $"header length {headerLength} exceeds the {MaxHeaderBytes}-byte limit (corrupted length?)");
        if ((ulong)(bytes.Length - 8) < headerLength)
            throw Bad(source,
                $"file is truncated: header says {headerLength} bytes but only {bytes.Length - 8} follow");
        var data = bytes[(8 + (int)headerLength)..];
        // JSON strings with invalid UTF-8 parse, but fail later when read (found by the fuzz test).
        if (!System.Text.Unicode.Utf8.IsValid(bytes.Slice(8, (int)headerLength)))
            throw Bad(source, "header is not valid UTF-8");
        try
        {
            using var doc = JsonDocument.Parse(bytes.Slice(8, (int)headerLength).ToArray());
            return Interpret(doc.RootElement, data, source);
        }
        catch (JsonException e)
        {
            throw Bad(source, $"header is not valid JSON: {e.Message}");
        }
    }

    const string MetadataKey = "__metadata__";

    static SafeTensorsFile Interpret(JsonElement root, ReadOnlySpan<byte> data, string source)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw Bad(source, "header is not a JSON object");
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = new List<(string Name, int[] Shape, long Begin, long End)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!names.Add(property.Name))
                throw Bad(source, $"tensor '{property.Name}' appears twice in the header");
            if (property.Name == MetadataKey)
                ReadMetadata(property.Value, metadata, source);
            else
                entries.Add(ReadEntry(property.Name, property.Value, source));
        }
        CheckTiling(entries, data.Length, source);
        var tensors = new List<TensorEntry>(entries.Count);
        foreach (var (name, shape, begin, end) in entries.OrderBy(e => e.Begin))
        {
            var values = new float[(end - begin) / 4];
            MemoryMarshal.Cast<byte, float>(data[(int)begin..(int)end]).CopyTo(values);
            if (!BitConverter.IsLittleEndian)
                throw new PlatformNotSupportedException("model files are little-endian");
            tensors.Add(new TensorEntry(name, shape, values));
        }
        return new SafeTensorsFile(tensors, metadata, source);
    }

    static void ReadMetadata(JsonElement element, Dictionary<string, string> metadata, string source)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw Bad(source, "__metadata__ is not an object");
        foreach (var item in element.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw Bad(source,
                    $"metadata value '{item.Name}' is a {item.Value.ValueKind}, safetensors allows only strings");
            metadata[item.Name] = item.Value.GetString()!;
        }
    }

    static (string, int[], long, long) ReadEntry(string name, JsonElement e, string source)
    {
        if (e.ValueKind != JsonValueKind.Object)
            throw Bad(source, $"tensor '{name}' is not described by an object");
        if (!e.TryGetProperty("dtype", out var dtype) || dtype.ValueKind != JsonValueKind.String)
            throw Bad(source, $"tensor '{name}' has no dtype string");
        if (dtype.GetString() != "F32")
            throw Bad(source, $"tensor '{name}' has dtype {dtype.GetString()}, only F32 is supported");
        var shape = IntegerArray(e, "shape", name, source, int.MaxValue);
        var offsets = IntegerArray(e, "data_offsets", name, source, long.MaxValue);
        if (offsets.Length != 2)
            throw Bad(source, $"tensor '{name}' data_offsets has {offsets.Length} numbers, needs [begin, end]");
        long count = 1;
        foreach (var d in shape)
        {
            count *= d;
            if (count > int.MaxValue)
                throw Bad(source, $"tensor '{name}' shape [{string.Join(", ", shape)}] is too large");
        }
        var (begin, end) = (offsets[0], offsets[1]);
        if (begin > end)
            throw Bad(source, $"tensor '{name}' data_offsets [{begin}, {end}] run backwards");
        if (end - begin != 4 * count)
            throw Bad(source,
                $"tensor '{name}' shape [{string.Join(", ", shape)}] needs {4 * count} bytes but data_offsets " +
                    $"[{begin}, {end}] hold {end - begin}");
        return (name, [.. shape.Select(d => (int)d)], begin, end);
    }

    static long[] IntegerArray(JsonElement e, string key, string name, string source, long max)
    {
        if (!e.TryGetProperty(key, out var array) || array.ValueKind != JsonValueKind.Array)
            throw Bad(source, $"tensor '{name}' has no {key} array");
        var values = new long[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var v) || v < 0 || v > max)
                throw Bad(source, $"tensor '{name}' {key} holds '{item.GetRawText()}', not a non-negative integer");
            values[i++] = v;
        }
        return values;
    }

    // Sorted by begin, the tensors must tile [0, dataLength) exactly: no gap, no overlap, nothing past the end.
    static void CheckTiling(List<(string Name, int[] Shape, long Begin, long End)> entries, int dataLength,
        string source)
    {
        long at = 0;
        foreach (var (name, _, begin, end) in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (begin < at)
                throw Bad(source, $"tensor '{name}' at bytes [{begin}, {end}) overlaps the previous tensor");
            if (begin > at)
                throw Bad(source, $"gap of {begin - at} bytes before tensor '{name}'");
            if (end > dataLength)
                throw Bad(source,
                    $"file is truncated: tensor '{name}' ends at byte {end} of a {dataLength}-byte data section");
            at = end;
        }
        if (at != dataLength)
            throw Bad(source, $"data section has {dataLength - at} bytes after the last tensor");
    }

    static ModelFormatException Bad(string source, string reason) => new($"{source}: {reason}");
}
