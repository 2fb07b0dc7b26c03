using System.Globalization;
using System.Numerics;
using NeuralIk.Engine.IO;

namespace NeuralIk.Engine.Data;

/// <summary>
/// Strict numeric CSV: a header naming the columns expected (in order; case and spaces around a name do not
/// matter), then rows of finite invariant-culture numbers, read as double (a user's numbers) or float (a dataset
/// for the network). Every problem is reported with the file and 1-based line number. Numbers are written
/// round-trip ("R"), so they read back bit-exactly; names are quoted where RFC 4180 asks (<see cref="Quote"/>).
/// </summary>
public static class CsvTable
{
    /// <summary>
    /// Column-major result: columns[c][row], in <typeparamref name="T"/> (double for a user's targets, float for
    /// datasets).
    /// </summary>
    public static T[][] Read<T>(string path, IReadOnlyList<string> header) where T : IFloatingPointIeee754<T> =>
        Read<T>(path, [header]).Columns;

    /// <summary>
    /// Reads a file with any one of <paramref name="headers"/> (e.g. a position, or a position and a quaternion);
    /// returns which one it has and its columns.
    /// </summary>
    public static (int Header, T[][] Columns) Read<T>(string path, IReadOnlyList<IReadOnlyList<string>> headers)
        where T : IFloatingPointIeee754<T>
    {
        if (Directory.Exists(path))
            throw new DataFormatException($"{path} is a folder, expected a CSV file");
        if (!File.Exists(path))
            throw new DataFormatException($"{path}: file not found");
        using var reader = new StreamReader(path);
        return Read<T>(reader, path, headers);
    }

    public static (int Header, T[][] Columns) Read<T>(TextReader reader, string name,
        IReadOnlyList<IReadOnlyList<string>> headers) where T : IFloatingPointIeee754<T>
    {
        var expected = string.Join(" or ", headers.Select(h => $"'{string.Join(',', h)}'"));
        var first = reader.ReadLine() ?? throw DataFormatException.At(name, 1,
            "file is empty, expected the header " + expected);
        var found = first.Trim().Split(',').Select(h => h.Trim()).ToArray();
        var which = headers.ToList().FindIndex(h => found.SequenceEqual(h, StringComparer.OrdinalIgnoreCase));
        if (which < 0)
            throw DataFormatException.At(name, 1, $"header is '{first.Trim()}', expected {expected}");
        var header = headers[which];
        var columns = header.Select(_ => new List<T>()).ToArray();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Trim().Length == 0)
                continue;
            var cells = line.Split(',');
            if (cells.Length != header.Count)
                throw DataFormatException.At(name, lineNumber,
                    $"expected {header.Count} columns, found {cells.Length}");
            for (var c = 0; c < cells.Length; c++)
            {
                // NumberStyles.Float: no thousands separators (a comma is the field separator anyway).
                if (!T.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                    throw DataFormatException.At(name, lineNumber,
                        $"column '{header[c]}' is '{cells[c].Trim()}', not a number");
                if (!T.IsFinite(value))
                    throw DataFormatException.At(name, lineNumber,
                        $"column '{header[c]}' is {cells[c].Trim()}, not a finite number");
                columns[c].Add(value);
            }
        }
        if (columns[0].Count == 0)
            throw DataFormatException.At(name, lineNumber, "no data rows after the header");
        return (which, [.. columns.Select(c => c.ToArray())]);
    }

    /// <summary>A field as RFC 4180 writes it: quoted, its quotes doubled, when it holds a comma, quote or line break.
    /// </summary>
    public static string Quote(string field) => field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field
        : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Writes columns[c][row] under the header, atomically.</summary>
    public static void Write(string path, IReadOnlyList<string> header, IReadOnlyList<float[]> columns) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true) { NewLine = "\n" };
            Write(writer, header, columns);
        });

    public static void Write(TextWriter writer, IReadOnlyList<string> header, IReadOnlyList<float[]> columns)
    {
        if (columns.Count != header.Count || columns.Any(c => c.Length != columns[0].Length))
            throw new ArgumentException("every column needs a header and the same number of rows");
        writer.WriteLine(string.Join(',', header));
        var cells = new string[columns.Count];
        for (var row = 0; row < columns[0].Length; row++)
        {
            for (var c = 0; c < cells.Length; c++)
                cells[c] = columns[c][row].ToString("R", CultureInfo.InvariantCulture);
            writer.WriteLine(string.Join(',', cells));
        }
    }
}
