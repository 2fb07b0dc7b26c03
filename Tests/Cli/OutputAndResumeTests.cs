using NeuralIk.Cli;
using NeuralIk.Engine.IO;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Training;
using NeuralIk.Tests.Solving;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Cli;

/// <summary>
/// Output paths are checked before any work, file-system failures name the user's path, and a resume continues the run
/// it was.
/// </summary>
[Collection("console")]
public sealed class OutputAndResumeTests : TempFolder
{
    [Fact]
    public void An_unusable_output_path_is_refused_before_any_work()
    {
        var file = In("a-file");
        File.WriteAllText(file, "keep");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        CliProcess.BadInput(CliProcess.Run("train", "--out", file, "--epochs", "300"), $"--out: {file} is a file");
        Assert.True(clock.Elapsed.TotalSeconds < 5, "refused only after training");
        Assert.Equal("keep", File.ReadAllText(file));
        var model = In("arm.safetensors");
        SolverFixture.DefaultModel.Value.Save(model);
        var input = In("t.csv");
        File.WriteAllLines(input, ["x,y", "1,1"]);
        CliProcess.BadInput(CliProcess.Run("solve", "--input", input, "--output", Folder, "--model", model),
            $"--output: {Folder} is a folder");
        CliProcess.BadInput(CliProcess.Run("solve", "--input", input, "--output", "/proc/no-such/answers.csv",
            "--model", model), "--output: cannot write in /proc/no-such");
        CliProcess.BadInput(CliProcess.Run("render", "1", "1", "--out", Folder, "--model", model), "--out");
    }

    [Fact]
    public void A_write_that_fails_names_the_users_path_not_a_temporary_file()
    {
        var e = Assert.Throws<FileWriteException>(() => AtomicFile.WriteAllText(Folder, "x"));
        Assert.Equal($"{Folder}: cannot write: it is a folder", e.Message);
        var f = Assert.Throws<FileWriteException>(() => AtomicFile.WriteAllText("/proc/x.csv", "x"));
        Assert.StartsWith("/proc/x.csv: cannot write", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_device_or_huge_file_given_as_a_model_is_refused_without_reading_it_all()
    {
        var run = CliProcess.Run("solve", "1", "1", "--model", "/dev/zero");
        CliProcess.BadInput(run, "/dev/zero: larger than 256 MB, not a model file");
    }

    [Fact]
    public void Writing_through_a_symbolic_link_keeps_the_link()
    {
        var target = In("real.csv");
        File.WriteAllText(target, "old");
        var link = In("link.csv");
        File.CreateSymbolicLink(link, target);
        AtomicFile.WriteAllText(link, "new");
        Assert.Equal(target, new FileInfo(link).LinkTarget);
        Assert.Equal("new", File.ReadAllText(target));
    }

    [Fact]
    public void Resume_refuses_options_that_would_change_the_run()
    {
        foreach (var (option, value) in new[] { ("--lr", "0.1"), ("--links", "1,2"), ("--out", In("x")), ("--batch",
            "8"), ("--seed", "3") })
            CliProcess.BadInput(CliProcess.Run("train", "--resume", Folder, option, value), $"{option} cannot change");
    }

    [Fact]
    public void Resume_refuses_a_dataset_that_changed_since_the_checkpoint()
    {
        var data = In("d.csv");
        Assert.Equal(0, CliProcess.Run("generate", "--samples", "300", "--out", data).Code);
        SeedCheckpoint(data);
        File.AppendAllText(data, "0,0,0,0\n");
        CliProcess.BadInput(CliProcess.Run("train", "--resume", Folder), "changed since the checkpoint");
    }

    // A checkpoint after epoch 1 of a 3-epoch seed run on this data, whose history claims epoch 1 took 100 s.
    string SeedCheckpoint(string data)
    {
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(data)));
        var settings = new TrainSettings(Preset.Seed, 3, null, null, 42, data, Folder, 1, new PlanarChain(Arm.Default,
            JointLimits.Full), TaskBounds.PlanarPosition)
        {
            DataHash = hash,
        };
        var state = new Trainer(new Mlp(SeedRecipe.Sizes), new TrainingOptions { Seed = 42 }).Capture();
        var path = Path.Combine(Folder, Checkpoint.FileName);
        new Checkpoint(new ResumePoint(1, state, null), [new EpochReport(1, 1.0, 1.0, 100.0)],
            settings.ToDictionary()).Save(path);
        return path;
    }

    [Fact]
    public void A_resumed_run_reports_the_time_of_its_own_epochs()
    {
        var data = In("d.csv");
        Assert.Equal(0, CliProcess.Run("generate", "--samples", "300", "--out", data).Code);
        SeedCheckpoint(data);
        var run = CliProcess.Run("train", "--resume", Folder, "--json");
        Assert.True(run.Code == 0, run.Error);
        using var doc = System.Text.Json.JsonDocument.Parse(run.Out);
        Assert.True(doc.RootElement.GetProperty("train_seconds").GetDouble() < 50,
            "the 100 s of epoch 1 were counted again");
    }

    [Fact]
    public void A_fresh_run_says_it_removed_an_earlier_checkpoint()
    {
        var data = In("d.csv");
        Assert.Equal(0, CliProcess.Run("generate", "--samples", "300", "--out", data).Code);
        var checkpoint = SeedCheckpoint(data);
        var run = CliProcess.Run("train", "--preset", "seed", "--epochs", "1", "--data", data, "--out", Folder,
            "--threads", "1");
        Assert.Equal(0, run.Code);
        Assert.False(File.Exists(checkpoint));
        Assert.Contains($"removed {checkpoint}", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_training_into_the_same_folder_is_refused()
    {
        var data = In("d.csv");
        Assert.Equal(0, CliProcess.Run("generate", "--samples", "300", "--out", data).Code);
        using (new FileStream(In(".neural-ik.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
            CliProcess.BadInput(CliProcess.Run("train", "--preset", "seed", "--epochs", "1", "--data", data, "--out",
                Folder), "is in use by another training");
        Assert.Equal(0, CliProcess.Run("train", "--preset", "seed", "--epochs", "1", "--data", data, "--out", Folder,
            "--threads", "1").Code);
    }

    [Fact]
    public void The_seed_preset_refuses_limits_and_data_made_for_other_links()
    {
        var data = In("d.csv");
        Assert.Equal(0, CliProcess.Run("generate", "--samples", "300", "--out", data).Code);
        CliProcess.BadInput(CliProcess.Run("train", "--preset", "seed", "--limits", "-1,1;-1,1", "--data", data,
            "--out", In("o")), "--limits");
        CliProcess.BadInput(CliProcess.Run("train", "--preset", "seed", "--links", "1.2,0.7", "--data", data, "--out",
            In("o")), "generate the data with the same --links");
    }
}
