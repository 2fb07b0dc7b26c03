using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace NeuralIk.Engine.Model;

/// <summary>
/// SHA-256 over everything a model file means: each metadata entry but the checksum itself (keys in
/// ordinal order, then values), then each tensor's name, shape and raw bytes, tensors in ordinal name
/// order (so another writer may lay them out differently). Stored as
/// "sha256:…" under <see cref="Key"/>, so a flipped bit anywhere that matters is caught on load.
/// </summary>
public static class ModelChecksum
{
    public const string Key = "checksum";

    public static string Compute(IReadOnlyDictionary<string, string> metadata, IEnumerable<TensorEntry> tensors)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var key in metadata.Keys.Where(k => k != Key).Order(StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(key + "\0" + metadata[key] + "\0"));
        }
        foreach (var t in tensors.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(t.Name + "\0" + string.Join(',', t.Shape) + "\0"));
            if (!BitConverter.IsLittleEndian)
                throw new PlatformNotSupportedException("model files are little-endian");
            sha.AppendData(MemoryMarshal.AsBytes(t.Data.AsSpan()));
        }
        return "sha256:" + Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
