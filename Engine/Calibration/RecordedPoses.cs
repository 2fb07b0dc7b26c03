using NeuralIk.Engine.Data;
using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Engine.Calibration;

/// <summary>
/// What a robot recorded: per sample the joint values it was commanded (one column per joint, named as the
/// chain's joints) and where an instrument measured a marker on its tool: x, y, z (metres) and, when the file
/// has them, the orientation qx, qy, qz, qw. Samples are numbered from 1 in the order of the file's data rows.
/// </summary>
public sealed class RecordedPoses
{
    public RecordedPoses(double[][] joints, Vec3[] positions, Frame[]? orientations)
    {
        if (joints.Length != positions.Length || orientations is { } o && o.Length != positions.Length)
            throw new ArgumentException("every sample needs its joints and its measurement");
        (Joints, Positions, Orientations) = (joints, positions, orientations);
    }

    /// <summary>Joints[sample][joint], in the chain's order.</summary>
    public double[][] Joints { get; }
    public Vec3[] Positions { get; }
    /// <summary>The measured rotations (P unused), or null when only positions were measured.</summary>
    public Frame[]? Orientations { get; }
    public bool HasOrientation => Orientations is not null;
    public int Count => Positions.Length;

    /// <summary>The samples at <paramref name="rows"/>, in that order.</summary>
    public RecordedPoses Subset(IReadOnlyList<int> rows) => new([.. rows.Select(r => Joints[r])],
        [.. rows.Select(r => Positions[r])], Orientations is { } o ? [.. rows.Select(r => o[r])] : null);

    /// <summary>
    /// Reads a CSV whose header is the joints' names then x,y,z or x,y,z,qx,qy,qz,qw; a quaternion far from unit
    /// length is an error naming the file and the sample.
    /// </summary>
    public static RecordedPoses Read(string path, IReadOnlyList<string> jointNames)
    {
        string[] position = ["x", "y", "z"], pose = ["x", "y", "z", "qx", "qy", "qz", "qw"];
        var (which, columns) = CsvTable.Read<double>(path, [[.. jointNames, .. position], [.. jointNames, .. pose]]);
        var n = jointNames.Count;
        var count = columns[0].Length;
        var joints = new double[count][];
        var positions = new Vec3[count];
        var orientations = which == 1 ? new Frame[count] : null;
        for (var s = 0; s < count; s++)
        {
            joints[s] = [.. columns.Take(n).Select(c => c[s])];
            positions[s] = new Vec3(columns[n][s], columns[n + 1][s], columns[n + 2][s]);
            if (orientations is null)
                continue;
            try
            {
                orientations[s] = Frame.FromQuaternion(Vec3.Zero, columns[n + 3][s], columns[n + 4][s],
                    columns[n + 5][s], columns[n + 6][s]);
            }
            catch (ArgumentException e)
            {
                throw new DataFormatException($"{path}: sample {s + 1}: {e.Message}");
            }
        }
        return new RecordedPoses(joints, positions, orientations);
    }
}
