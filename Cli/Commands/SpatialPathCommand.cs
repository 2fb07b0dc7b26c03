using System.Globalization;
using NeuralIk.Cli.Pictures;
using NeuralIk.Engine.Data;
using NeuralIk.Engine.IO;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Solving;

namespace NeuralIk.Cli;

/// <summary>
/// `neural-ik trajectory` for a spatial arm: `--line x0,y0,z0,x1,y1,z1 | --circle cx,cy,cz,r` (a horizontal
/// circle) at the orientation `--quaternion qx,qy,qz,qw` (or any orientation without it), followed from pose to
/// pose (<see cref="SpatialTrajectory"/>); jumps reported, the swept arm drawn, the joints per point as CSV.
/// </summary>
public static class SpatialPathCommand
{
    /// <summary>Poses drawn along the path: enough to see the sweep, few enough to tell them apart.</summary>
    const int Drawn = 12;

    public static int Run(IkSolver solver, string? line, string? circle, string? quaternion, int n,
        string png, string? csv, bool json)
    {
        var path = (line, circle) switch
        {
            ({ } l, null) => TrajectoryCommand.Numbers(l, 6, "--line") is var v
                ? SpatialTrajectory.Line(new Vec3(v[0], v[1], v[2]), new Vec3(v[3], v[4], v[5]), n) : [],
            (null, { } c) => TrajectoryCommand.Numbers(c, 4, "--circle") is var v && v[3] > 0
                ? SpatialTrajectory.Circle(new Vec3(v[0], v[1], v[2]), v[3], n)
                : throw new CliException("--circle: the radius must be positive"),
            _ => throw new CliException("give exactly one of --line x0,y0,z0,x1,y1,z1 or --circle cx,cy,cz,r"),
        };
        var orientation = Frame.Identity;
        if (quaternion is not null)
        {
            var q = TrajectoryCommand.Numbers(quaternion, 4, "--quaternion");
            try
            {
                orientation = Frame.FromQuaternion(Vec3.Zero, q[0], q[1], q[2], q[3]);
            }
            catch (ArgumentException e)
            {
                throw new CliException($"--quaternion: {e.Message}");
            }
        }
        var result = SpatialTrajectory.Follow(solver, path, orientation,
            quaternion is null ? TaskBounds.Position : TaskBounds.Pose);
        if (json)
            Say.Json(new { points = result.Points.Count, solved = result.Solved, largest_step = result.LargestStep,
                jumps = result.Jumps, breaks = result.Breaks.Select(b => new { from = b.From, to = b.To,
                    status = IkAnswer.Name(b.Status) }) });
        else
            Say.Result($"{result.Solved}/{result.Points.Count} points solved; largest joint step ",
                $"{result.LargestStep:F4} rad; {result.Jumps} jump(s) where following the previous pose failed");
        var solved = result.Points.Where(p => p.Theta is not null).ToList();
        var drawn = Enumerable.Range(0, Math.Min(Drawn, solved.Count))
            .Select(i => solved[i * (solved.Count - 1) / Math.Max(1, Math.Min(Drawn, solved.Count) - 1)])
            .Select((p, i) => new DrawnPose(p.Theta!, i != 0 && i != Math.Min(Drawn, solved.Count) - 1,
                PoseRenderer.Answers[0])).ToList();
        SpatialRenderer.Write(png, solver.Spatial, drawn, orientation with { P = path[0] }, quaternion is not null,
            Say.Invariant($"{path.Length} points, {solver.Spatial.Count} joints: {result.Solved} solved, ",
                $"{result.Jumps} jump(s)"), path);
        if (csv is not null)
            WriteCsv(csv, solver.Spatial, result);
        Say.Info($"swept arm: {png}");
        return result.Solved == path.Length && result.Jumps == 0 ? ExitCodes.Ok : ExitCodes.Failure;
    }

    static void WriteCsv(string path, SpatialChain chain, SpatialPath result)
    {
        var names = string.Join(',', chain.Joints.Select(j => CsvTable.Quote(j.Name)));
        string Angles(double[]? q) => q is { } t
            ? string.Join(',', t.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))
            : new string(',', chain.Count - 1);
        AtomicFile.WriteAllText(path, $"index,x,y,z,status,{names},position_error,orientation_error\n"
            + string.Concat(result.Points.Select((p, i) => string.Create(CultureInfo.InvariantCulture,
                $"{i},{p.Target.P.X:R},{p.Target.P.Y:R},{p.Target.P.Z:R},{IkAnswer.Name(p.Status)},{Angles(p.Theta)},"
                + $"{p.PositionError:R},{p.OrientationError:R}\n"))));
    }
}
