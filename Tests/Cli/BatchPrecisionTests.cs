using System.Globalization;
using NeuralIk.Engine.Numerics;
using NeuralIk.Tests.Solving;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Cli;

/// <summary>
/// `solve --input --output` keeps the user's numbers: targets are read as doubles, echoed as their input text
/// (written here in shortest round-trip form), and every `ok` answer reaches the target as given, checked by
/// forward kinematics written out in this test. Float32 targets missed by up to 8.5e-8 and turned reachable
/// targets within 7e-8 of full reach into `out_of_reach`.
/// </summary>
[Collection("console")]
public sealed class BatchPrecisionTests : TempFolder
{
    static string Text(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    static double Parse(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    // x = Σ L_k cos(θ1 + … + θk), y likewise; the end orientation is θ1 + … + θN.
    static (double X, double Y, double Phi) Forward(double[] links, ReadOnlySpan<double> theta)
    {
        double x = 0, y = 0, phi = 0;
        for (var k = 0; k < links.Length; k++)
        {
            phi += theta[k];
            (x, y) = (x + links[k] * Math.Cos(phi), y + links[k] * Math.Sin(phi));
        }
        return (x, y, phi);
    }

    // Targets for a chain of the given reach: FK of random poses, uniform over 1.1× the reach, a band just inside the
    // reach (float32 rounded these outward), near the base, and the case from the issue.
    static List<double[]> Targets(double[] links, int count, bool pose, ulong seed)
    {
        var rng = new Rng(seed);
        var reach = links.Sum();
        var theta = new double[links.Length];
        var rows = new List<double[]> { new[] { 1.4988847460312944, -1.324139060171511, 0.3 } };
        while (rows.Count < count)
        {
            var kind = rows.Count % 4;
            if (kind == 0)
            {
                for (var k = 0; k < theta.Length; k++)
                    theta[k] = rng.Uniform(-Math.PI, Math.PI);
                var (x, y, phi) = Forward(links, theta);
                rows.Add([x, y, Math.IEEERemainder(phi, 2 * Math.PI)]);
                continue;
            }
            var r = kind switch
            {
                1 => 1.1 * reach * Math.Sqrt(rng.Uniform(0, 1)),
                2 => reach * (1 - rng.Uniform(1e-12, 5e-8)),
                _ => rng.Uniform(0, 1e-6),
            };
            var a = rng.Uniform(-Math.PI, Math.PI);
            rows.Add([r * Math.Cos(a), r * Math.Sin(a), rng.Uniform(-Math.PI, Math.PI)]);
        }
        return rows;
    }

    // A position within the reach (these chains have no inner hole); a 3-link pose when its wrist point, the
    // target less the last link along φ, lies in the annulus the first two links sweep. Margins of 1e-12 keep
    // targets that rounding could put on either side out of the check.
    static bool Reachable(double[] links, double[] t, bool pose)
    {
        if (!pose)
            return Math.Sqrt(t[0] * t[0] + t[1] * t[1]) <= links.Sum() * (1 - 1e-12);
        var (wx, wy) = (t[0] - links[2] * Math.Cos(t[2]), t[1] - links[2] * Math.Sin(t[2]));
        var w = Math.Sqrt(wx * wx + wy * wy);
        return w >= Math.Abs(links[0] - links[1]) * (1 + 1e-12) && w <= (links[0] + links[1]) * (1 - 1e-12);
    }

    void Check(string model, double[] links, int count, bool pose, ulong seed)
    {
        var targets = Targets(links, count, pose, seed);
        var width = pose ? 3 : 2;
        var input = In("targets.csv");
        File.WriteAllLines(input, [pose ? "x,y,phi" : "x,y", .. targets.Select(t => string.Join(',',
            t.Take(width).Select(Text)))]);
        var output = In("answers.csv");
        var run = CliProcess.Run("solve", "--input", input, "--output", output, "--model", model);
        Assert.True(run.Code == 0, run.Error);
        var tolerance = 1e-9 * links.Sum();
        var (row, ok) = (0, 0);
        var theta = new double[links.Length];
        var header = File.ReadLines(output).First().Split(',');
        var (thetaColumn, branchColumn) = (Array.IndexOf(header, "theta1"), Array.IndexOf(header, "branch"));
        foreach (var line in File.ReadLines(output).Skip(1))
        {
            var cells = line.Split(',');
            // Rows of one target follow each other (one per branch or answer); find the target by its echo.
            while (string.Join(',', targets[row].Take(width).Select(Text)) != string.Join(',', cells.Take(width)))
                row++;
            var t = targets[row];
            Assert.False(Reachable(links, t, pose) && cells[width] is "out_of_reach" or "inner_hole",
                $"reachable target {line} came back {cells[width]}");
            if (cells[width] != "ok")
                continue;
            for (var k = 0; k < theta.Length; k++)
                theta[k] = Parse(cells[thetaColumn + k]);
            var (x, y, phi) = Forward(links, theta);
            var miss = Math.Sqrt((x - t[0]) * (x - t[0]) + (y - t[1]) * (y - t[1]));
            Assert.True(miss <= tolerance,
                $"{line}: FK misses the input target by {miss:E2} (tolerance {tolerance:E1})");
            if (links.Length == 2)
            {
                // Elbow up means θ2 < 0 (in [−π, π]) and down θ2 > 0, near the base too; both coincide only stretched
                // out.
                var t2 = Math.IEEERemainder(theta[1], 2 * Math.PI);
                Assert.True(Math.Abs(t2) < 1e-9 || (cells[branchColumn] == "up" ? t2 < 0 : t2 > 0),
                    $"{line}: θ2 {t2} is not on its branch");
            }
            if (pose)
                Assert.True(Math.Abs(Math.IEEERemainder(phi - t[2], 2 * Math.PI)) <= 1e-9,
                    $"{line}: orientation off by {phi - t[2]:E2}");
            ok++;
        }
        Assert.Equal(targets.Count - 1, row);
        Assert.True(ok > count / 2, $"only {ok} ok answers for {count} targets");
    }

    [Fact]
    public void A_million_2_link_targets_are_reached_as_given()
    {
        var model = In("arm.safetensors");
        SolverFixture.DefaultModel.Value.Save(model);
        Check(model, [1.0, 1.0], 1_000_000, pose: false, seed: 61);
    }

    [Fact]
    public void A_4_link_chain_and_a_3_link_pose_reach_their_targets_as_given()
    {
        var (position4, pose3) = (In("chain4.safetensors"), In("pose3.safetensors"));
        ChainFixture.Position4Model.Value.Save(position4);
        ChainFixture.Pose3Model.Value.Save(pose3);
        Check(position4, [1.0, 0.8, 0.6, 0.4], 100_000, pose: false, seed: 62);
        Check(pose3, [1.0, 0.8, 0.5], 100_000, pose: true, seed: 63);
    }
}
