using System.Globalization;
using System.Text.RegularExpressions;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Tests.Kinematics;
using NeuralIk.Tests.Solving;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Cli;

/// <summary>
/// What a new user hit on spatial arms (issue 23), one regression test each: printed answers that do not round-trip,
/// options taken and ignored, batch files that lose the input or break the columns, and messages that name the
/// wrong problem.
/// </summary>
[Collection("console")]
public sealed partial class FirstRunTests : TempFolder
{
    static readonly SpatialFixture Arm = new();

    string SpatialModel()
    {
        var path = In("ur5.safetensors");
        Arm.Model.Save(path);
        return path;
    }

    static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"θ = \[([^\]]*)\]")]
    private static partial Regex Printed();

    [Fact]
    public void Printed_joints_fed_back_reach_the_target_within_the_tolerance()
    {
        var model = SpatialModel();
        var targets = Engine.Solving.Evaluation.JointSpace(Arm.Chain, 20, 5).Targets;
        var checkedAnswers = 0;
        foreach (var target in targets)
        {
            var (x, y, z, w) = target.Quaternion();
            var run = CliProcess.Run("solve", N(target.P.X), N(target.P.Y), N(target.P.Z), N(x), N(y), N(z), N(w),
                "--answers", "3", "--budget-ms", "50", "--model", model);
            foreach (Match m in Printed().Matches(run.Out))
            {
                var q = m.Groups[1].Value.Split(", ").Select(v => double.Parse(v, CultureInfo.InvariantCulture))
                    .ToArray();
                var reached = Arm.Chain.Forward(q);
                var miss = (reached.P - target.P).Length;
                Assert.True(miss <= 1e-6, $"{m.Value} misses by {miss}");
                Assert.True((target * reached.Transposed).RotationVector().Length <= 1e-6, m.Value);
                checkedAnswers++;
            }
        }
        Assert.True(checkedAnswers >= 20, $"{checkedAnswers} answers printed");
    }

    [Fact]
    public void Options_that_would_be_ignored_are_refused()
    {
        var planar = In("arm.safetensors");
        SolverFixture.DefaultModel.Value.Save(planar);
        CliProcess.BadInput(CliProcess.Run("generate", "--base", "base_link", "--out", In("d.csv")),
            "--base names a link of a --urdf file");
        Assert.False(File.Exists(In("d.csv")));
        CliProcess.BadInput(CliProcess.Run("solve", "1", "1", "--candidates", "0", "--model", planar),
            "--candidates must be from 1 to 100000");
        CliProcess.BadInput(CliProcess.Run("solve", "1", "1", "--budget-ms", "-1", "--model", planar),
            "--budget-ms must be more than 0");
    }

    [Fact]
    public void A_batch_reads_headers_as_people_write_them_and_never_overwrites_its_input()
    {
        var model = SpatialModel();
        var input = In("t.csv");
        File.WriteAllLines(input, ["X, Y, Z", "0.3,0.2,0.4"]);
        var run = CliProcess.Run("solve", "--input", input, "--output", In("o.csv"), "--model", model);
        Assert.True(run.Code == 0, run.Error);
        Assert.StartsWith("x,y,z,status", File.ReadLines(In("o.csv")).First(), StringComparison.Ordinal);
        CliProcess.BadInput(CliProcess.Run("solve", "--input", input, "--output", input, "--model", model),
            "is the --input file");
        Assert.Equal(["X, Y, Z", "0.3,0.2,0.4"], File.ReadAllLines(input));
        CliProcess.BadInput(CliProcess.Run("solve", "--input", Folder, "--output", In("o2.csv"), "--model", model),
            "is a folder, expected a CSV file");
        CliProcess.BadInput(CliProcess.Run("solve", "--input", In("none.csv"), "--output", In("o2.csv"), "--model",
            model), "none.csv: file not found");
        File.WriteAllLines(input, ["a,b,c", "1,2,3"]);
        CliProcess.BadInput(CliProcess.Run("solve", "--input", input, "--output", In("o2.csv"), "--model", model),
            "expected 'x,y,z' or 'x,y,z,qx,qy,qz,qw'");
    }

    [Fact]
    public void Joint_names_with_commas_and_quotes_keep_their_columns()
    {
        var xml = UrdfTests.TwoJoints.Replace("name=\"shoulder\"", "name=\"shoulder, yaw\"", StringComparison.Ordinal)
            .Replace("name=\"elbow\"", "name=\"elbow &quot;pitch&quot;\"", StringComparison.Ordinal);
        var chain = Urdf.Parse(xml, "two.urdf");
        var layout = new SpatialLayout(chain, TaskBounds.Pose);
        var model = In("two.safetensors");
        new IkModel(new Mlp([layout.Inputs, 8, layout.Outputs]), layout.Scaler(chain.Reach), chain,
            TaskBounds.Pose).Save(model);
        var p = chain.Forward([0.3, 0.2]).P;
        File.WriteAllLines(In("t.csv"), ["x,y,z", $"{N(p.X)},{N(p.Y)},{N(p.Z)}"]);
        var run = CliProcess.Run("solve", "--input", In("t.csv"), "--output", In("o.csv"), "--model", model);
        Assert.True(run.Code == 0, run.Error);
        var lines = File.ReadAllLines(In("o.csv"));
        string[] header = ["x", "y", "z", "status", "answer", "branch", "shoulder, yaw", "elbow \"pitch\"",
            "position_error",
            "orientation_error"];
        Assert.Equal(header, Rfc4180(lines[0]));
        Assert.Equal(header.Length, Rfc4180(lines[1]).Count);
    }

    // The fields of one CSV line as RFC 4180 reads them: quoted fields may hold commas and doubled quotes.
    static List<string> Rfc4180(string line)
    {
        var (fields, field, quoted) = (new List<string>(), new System.Text.StringBuilder(), false);
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                (field, i) = (field.Append('"'), i + 1);
            else if (c == '"')
                quoted = !quoted;
            else if (c == ',' && !quoted)
                (fields, field) = (fields.Append(field.ToString()).ToList(), new System.Text.StringBuilder());
            else
                field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }

    [Fact]
    public void Solve_help_names_the_batch_headers_of_every_arm()
    {
        var help = CliProcess.Run("solve", "--help").Out;
        Assert.Contains("x,y,z,qx,qy,qz,qw", help, StringComparison.Ordinal);
        Assert.Contains("x,y,phi", help, StringComparison.Ordinal);
    }

    [Fact]
    public void Messages_name_the_real_problem()
    {
        CliProcess.BadInput(CliProcess.Run("generate", "--seed", "-1", "--out", In("d.csv")),
            "--seed must be a whole number from 0 to 18446744073709551615, got -1");
        CliProcess.BadInput(CliProcess.Run("generate", "--samples", "3000000000", "--out", In("d.csv")),
            "--samples must be a whole number from");
        var far = CliProcess.Run("solve", "1e308", "1e308", "1e308", "--model", SpatialModel());
        Assert.True(far.Code == 1, far.Error);
        Assert.StartsWith("out_of_reach", far.Out, StringComparison.Ordinal);
        var robot = In("robot.urdf");
        File.WriteAllText(robot, UrdfTests.TwoJoints);
        CliProcess.BadInput(CliProcess.Run("serve", "--model", robot), "a URDF robot file, not a model: train a " +
            "model of it first");
        CliProcess.BadInput(CliProcess.Run("solve", "1", "1", "1", "--model", robot), "a URDF robot file");
    }
}
