using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Model;

/// <summary>
/// Where an arm known only from its recordings was seen to reach: a grid over the box of the recorded positions
/// (flat in z for planar data), a cell marked when a sample fell in it or next to it (one cell of margin, so sparse
/// samples do not leave holes). A learned map extrapolates outside what it was shown, so a target outside the marked
/// cells is out of reach whatever the map says. Cells per axis: about (samples / 4)^(1/d), between 4 and 64.
/// </summary>
public sealed class RecordedWorkspace
{
    readonly bool[] _cells;

    public RecordedWorkspace(Vec3 low, Vec3 high, int[] counts, bool[] cells)
    {
        if (counts.Length != 3 || counts.Any(c => c < 1) || cells.Length != counts[0] * counts[1] * counts[2])
            throw new ArgumentException("a workspace grid needs three positive counts and one flag per cell");
        (Low, High, Counts, _cells) = (low, high, counts, cells);
    }

    public Vec3 Low { get; }
    public Vec3 High { get; }
    /// <summary>Cells along x, y, z.</summary>
    public int[] Counts { get; }
    public IReadOnlyList<bool> Cells => _cells;

    /// <summary>The grid of <paramref name="positions"/> (z all 0 when <paramref name="planar"/>).</summary>
    public static RecordedWorkspace Of(IReadOnlyList<Vec3> positions, bool planar)
    {
        var low = new Vec3(positions.Min(p => p.X), positions.Min(p => p.Y), positions.Min(p => p.Z));
        // A flat direction (z of planar data) keeps a width, so scaling over the box stays finite.
        var high = new Vec3(Math.Max(positions.Max(p => p.X), low.X + 1e-9),
            Math.Max(positions.Max(p => p.Y), low.Y + 1e-9), Math.Max(positions.Max(p => p.Z), low.Z + 1e-9));
        var n = Math.Clamp((int)Math.Round(Math.Pow(positions.Count / 4.0, 1.0 / (planar ? 2 : 3))), 4, 64);
        int[] counts = [n, n, planar ? 1 : n];
        var seen = new bool[n * n * counts[2]];
        var grid = new RecordedWorkspace(low, high, counts, seen);
        var cells = new bool[seen.Length];
        foreach (var p in positions)
            seen[grid.Index(grid.Cell(p))] = true;
        for (var i = 0; i < seen.Length; i++)
        {
            if (seen[i])
                grid.Neighbourhood(grid.Coordinates(i), c => cells[grid.Index(c)] = true);
        }
        return new RecordedWorkspace(low, high, counts, cells);
    }

    /// <summary>Whether p lies in a marked cell (never outside the box).</summary>
    public bool Contains(Vec3 p)
    {
        if (!p.IsFinite || !Inside(p.X, Low.X, High.X) || !Inside(p.Y, Low.Y, High.Y)
            || Counts[2] > 1 && !Inside(p.Z, Low.Z, High.Z))
            return false;
        return _cells[Index(Cell(p))];
    }

    /// <summary>The centre of the marked cell nearest p (what a target out of reach is shown next to).</summary>
    public Vec3 Nearest(Vec3 p)
    {
        var (best, distance) = (Vec3.Zero, double.PositiveInfinity);
        for (var i = 0; i < _cells.Length; i++)
        {
            var centre = Centre(Coordinates(i));
            if (_cells[i] && (centre - p).Length is var d && d < distance)
                (best, distance) = (centre, d);
        }
        return best;
    }

    static bool Inside(double v, double lo, double hi) => v >= lo && v <= hi;

    (int X, int Y, int Z) Cell(Vec3 p) => (Along(p.X, Low.X, High.X, Counts[0]), Along(p.Y, Low.Y, High.Y, Counts[1]),
        Along(p.Z, Low.Z, High.Z, Counts[2]));

    static int Along(double v, double lo, double hi, int count) =>
        hi > lo ? Math.Clamp((int)((v - lo) / (hi - lo) * count), 0, count - 1) : 0;

    int Index((int X, int Y, int Z) c) => (c.Z * Counts[1] + c.Y) * Counts[0] + c.X;

    (int X, int Y, int Z) Coordinates(int i) => (i % Counts[0], i / Counts[0] % Counts[1], i / (Counts[0] * Counts[1]));

    Vec3 Centre((int X, int Y, int Z) c) => new(Mid(c.X, Low.X, High.X, Counts[0]), Mid(c.Y, Low.Y, High.Y, Counts[1]),
        Mid(c.Z, Low.Z, High.Z, Counts[2]));

    static double Mid(int i, double lo, double hi, int count) => lo + (i + 0.5) * (hi - lo) / count;

    void Neighbourhood((int X, int Y, int Z) c, Action<(int, int, int)> mark)
    {
        for (var z = Math.Max(0, c.Z - 1); z <= Math.Min(Counts[2] - 1, c.Z + 1); z++)
        {
            for (var y = Math.Max(0, c.Y - 1); y <= Math.Min(Counts[1] - 1, c.Y + 1); y++)
            {
                for (var x = Math.Max(0, c.X - 1); x <= Math.Min(Counts[0] - 1, c.X + 1); x++)
                    mark((x, y, z));
            }
        }
    }
}
