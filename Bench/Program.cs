using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using System.Globalization;
using NeuralIk.Bench;
using NeuralIk.Engine.Training;
using NeuralIk.Tests.Calibration;

// FLOP per benchmark case: a GEMM is 2·m·k·n; a training step of the seed network is 691,712 per
// sample (forward 230,912, dW 230,912, dX 229,888) at batch 32; an epoch is 6,400 samples; the step's
// phases count their products (backward: dX and dW). Solving is
// mostly trigonometry and branches, so it has no FLOP column.
static double Flop(BenchmarkCase c)
{
    if (c.Parameters.Items.FirstOrDefault(p => p.Name == "Shape")?.Value is GemmShape shape)
        return shape.Flop;
    if (c.Descriptor.Type == typeof(SolveBenchmarks) || c.Descriptor.Type == typeof(ChainSolveBenchmarks)
        || c.Descriptor.Type == typeof(SpatialSolveBenchmarks))
        return double.NaN;
    const double perSample = 691_712, forward = 230_912;
    if (c.Descriptor.Type == typeof(StepPhaseBenchmarks))
    {
        return c.Descriptor.WorkloadMethod.Name switch
        {
            nameof(StepPhaseBenchmarks.Forward) => forward * 32,
            nameof(StepPhaseBenchmarks.Backward) => (perSample - forward) * 32,
            _ => double.NaN,
        };
    }
    return c.Descriptor.WorkloadMethod.Name == nameof(TrainingBenchmarks.Epoch)
        ? perSample * TrainingBenchmarks.EpochSamples
        : perSample * 32;
}

if (args is ["load", .. var rest])
    return await ServeLoad.Run(rest);
if (args is ["weights", .. var weighed])
    return WeightsRun.Run(weighed);
if (args is ["guess-near", .. var guessed])
    return GuessNearRun.Run(guessed);
if (args is ["step-guess", var sgUrdf, var sgTip, .. var sgMore])
    return StepGuessRun.Run(sgUrdf, sgTip, sgMore is [var sgEpochs, ..] ? Count(sgEpochs) : 60,
        sgMore is [_, var sgHidden] ? [.. sgHidden.Split('-').Select(Count)] : [256, 256, 256]);
if (args is ["calibration"])
    return CalibrationRun.Run();
// real-arm URDF [epochs, 0 for the preset's] [errors.csv]; continuum [epochs] [drawing.csv]
if (args is ["real-arm", var urdf, .. var more])
{
    var armEpochs = more is [var e, ..] && Count(e) is > 0 and var n ? n : (int?)null;
    return RealArmRun.Run(urdf, armEpochs, more is [_, var errors] ? errors : null);
}
if (args is ["direct", var directModel, .. var directRest])
    return DirectRun.Run(directModel, directRest.Length > 0 ? int.Parse(directRest[0], CultureInfo.InvariantCulture)
        : DirectRecipe.DefaultRows, directRest.Length > 1 ? int.Parse(directRest[1], CultureInfo.InvariantCulture)
        : DirectRecipe.Defaults(0).Epochs, directRest.Length > 2
        ? int.Parse(directRest[2], CultureInfo.InvariantCulture) : DirectRecipe.DefaultHeads,
        directRest.Length > 3 ? [.. directRest[3].Split('-').Select(w => int.Parse(w, CultureInfo.InvariantCulture))]
        : null);
if (args is ["cost", .. var costed])
    return CostRun.Run(costed);
if (args is ["near", .. var nearModels])
    return NearRun.Run(nearModels);
if (args is ["continuum", .. var options])
    return ContinuumRun.Run(options is [var e2, ..] ? Count(e2) : ForwardMapRecipe.Defaults(6).Epochs,
        options is [_, var drawing] ? drawing : null);
if (args is ["continuum-data", var data, var samples])
{
    ContinuumArm.Write(data, Count(samples), 5);
    return 0;
}

var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithWarmupCount(2).WithIterationCount(8).WithId("bench"))
    .AddColumn(FlopColumn.Gflops(Flop), FlopColumn.PercentOfPeak(Flop))
    .WithOptions(ConfigOptions.DisableLogFile);
Console.WriteLine($"Measured FMA peak: {Peak.GflopsPerCore:F1} GFLOP/s on one core, {Peak.GflopsTwoCores:F1} on two");
BenchmarkSwitcher.FromAssembly(typeof(GemmBenchmarks).Assembly).Run(args, config);
return 0;

static int Count(string text) => int.Parse(text, CultureInfo.InvariantCulture);
