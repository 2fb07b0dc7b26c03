using System.CommandLine;
using NeuralIk.Engine.Calibration;
using NeuralIk.Engine.IO;
using NeuralIk.Engine.Kinematics;

namespace NeuralIk.Cli.Commands;

/// <summary>
/// `neural-ik calibrate --urdf NOMINAL.urdf --data recorded.csv --out DIR`: the real arm's geometry identified
/// from recorded poses, written as DIR/calibrated.urdf and DIR/calibration.md (held-out errors before and after,
/// the corrections, what the data cannot identify, the outliers).
/// </summary>
public static class CalibrateCommand
{
    public static Command Create()
    {
        var robot = new RobotOptions();
        robot.Urdf.Required = true;
        var data = new Option<string>("--data") { Description = "Recorded poses: a CSV with the chain's joint " +
            "names, then x,y,z (m) and optionally qx,qy,qz,qw of the marker in the instrument's frame",
            Required = true };
        var output = OutputPath.Folder(new Option<string>("--out") { Description = "Output folder",
            DefaultValueFactory = _ => "out" });
        var seed = new Option<ulong>("--seed") { Description = "Seed choosing the held-out fifth of the samples",
            DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "The report as one JSON document on stdout" };
        var command = new Command("calibrate", "Identify a real arm's geometry (instrument frame, marker, joint " +
            "origins and zero offsets) from recorded poses, robustly; write calibrated.urdf and a report")
            { data, output, seed, json };
        foreach (var option in robot.All)
            command.Options.Add(option);
        command.SetAction(r =>
        {
            var (result, urdf, report, seconds) = Run(robot.Read(r)!, r.GetValue(data)!, r.GetValue(output)!,
                r.GetValue(seed));
            if (r.GetValue(json))
                Say.Json(CalibrationReport.Json(result));
            else
                CalibrationReport.Summary(result, seconds, urdf, report, Say.Result);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Calibrates, writing FOLDER/calibrated.urdf and FOLDER/calibration.md (also for train --data).</summary>
    public static (CalibrationResult Result, string Urdf, string Report, double Seconds) Run(RobotFile file,
        string data, string folder, ulong seed)
    {
        var nominal = Urdf.Load(file.Path, file.Base, file.Tip);
        var poses = RecordedPoses.Read(data, nominal.Names);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = Calibrator.Calibrate(nominal, poses, seed);
        var seconds = clock.Elapsed.TotalSeconds;
        Directory.CreateDirectory(folder);
        var urdf = Path.Combine(folder, "calibrated.urdf");
        var report = Path.Combine(folder, "calibration.md");
        AtomicFile.WriteAllText(urdf, CalibratedUrdf.Write(result.Model, result.Parameters,
            Path.GetFileNameWithoutExtension(file.Path) + "_calibrated"));
        AtomicFile.WriteAllText(report, CalibrationReport.Markdown(result, file.Path, data));
        return (result, urdf, report, seconds);
    }
}
