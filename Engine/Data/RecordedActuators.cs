using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Data;

/// <summary>
/// What an arm with no URDF recorded (a soft or continuum arm): per sample its actuator values and the measured
/// position of its tip. The measured columns are found by name anywhere in the header: x, y and, in space, z
/// (metres); every other column is an actuator, named as in the file. Planar data (no z) give z = 0.
/// </summary>
public sealed class RecordedActuators
{
    /// <summary>Fewer samples than this cannot say where an arm of even one actuator reaches.</summary>
    public const int MinSamples = 50;

    RecordedActuators(string[] names, double[][] actuators, Vec3[] positions, bool planar) =>
        (Names, Actuators, Positions, Planar) = (names, actuators, positions, planar);

    public IReadOnlyList<string> Names { get; }
    /// <summary>Actuators[sample][actuator], in the file's column order.</summary>
    public double[][] Actuators { get; }
    public Vec3[] Positions { get; }
    public bool Planar { get; }
    public int Count => Positions.Length;

    public static RecordedActuators Read(string path)
    {
        if (Directory.Exists(path))
            throw new DataFormatException($"{path} is a folder, expected a CSV file");
        if (!File.Exists(path))
            throw new DataFormatException($"{path}: file not found");
        string[] header;
        using (var reader = new StreamReader(path))
            header = [.. (reader.ReadLine() ?? "").Trim().Split(',').Select(h => h.Trim())];
        int Find(string name) => Array.FindIndex(header, h => h.Equals(name, StringComparison.OrdinalIgnoreCase));
        if (header.FirstOrDefault(h => h.Length == 0) is not null)
            throw DataFormatException.At(path, 1, "a column has no name: the header names every column");
        if (header.GroupBy(h => h, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw DataFormatException.At(path, 1, $"column '{twice.Key}' appears twice");
        string[] orientation = ["phi", "qx", "qy", "qz", "qw"];
        if (header.Where(h => orientation.Contains(h, StringComparer.OrdinalIgnoreCase)).ToArray() is [_, ..] turns)
            throw DataFormatException.At(path, 1, $"column(s) {string.Join(", ", turns)}: an arm learned without " +
                "a URDF is learned from positions only (x, y[, z]); leave the orientation out");
        var (x, y, z) = (Find("x"), Find("y"), Find("z"));
        if (x < 0 || y < 0)
            throw DataFormatException.At(path, 1, $"header is '{string.Join(',', header)}': the measured " +
                "position needs columns x and y (and z in space); every other column is an actuator");
        var names = header.Where((_, c) => c != x && c != y && c != z).ToArray();
        if (names.Length == 0)
            throw DataFormatException.At(path, 1, "no actuator columns: every column other than x, y, z is one");
        var columns = CsvTable.Read<double>(path, [header]).Columns;
        var count = columns[0].Length;
        if (count < MinSamples)
            throw new DataFormatException($"{path}: {count} sample(s); an arm learned from its recordings needs at " +
                $"least {MinSamples} (thousands to be millimetre-accurate)");
        var actuatorColumns = Enumerable.Range(0, header.Length).Where(c => c != x && c != y && c != z).ToArray();
        var actuators = new double[count][];
        var positions = new Vec3[count];
        for (var s = 0; s < count; s++)
        {
            actuators[s] = [.. actuatorColumns.Select(c => columns[c][s])];
            positions[s] = new Vec3(columns[x][s], columns[y][s], z < 0 ? 0 : columns[z][s]);
        }
        return new RecordedActuators(names, actuators, positions, z < 0);
    }
}
