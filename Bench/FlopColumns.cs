using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace NeuralIk.Bench;

/// <summary>
/// GFLOP/s from the median time and a FLOP count the benchmark declares, and the share of this
/// machine's measured per-core peak (<see cref="Peak"/>) it reaches.
/// </summary>
public sealed class FlopColumn(string name, Func<BenchmarkCase, double> flop, bool percentOfPeak) : IColumn
{
    public static FlopColumn Gflops(Func<BenchmarkCase, double> flop) => new("GFLOP/s", flop, false);
    public static FlopColumn PercentOfPeak(Func<BenchmarkCase, double> flop) => new("% of peak", flop, true);

    public string Id => nameof(FlopColumn) + name;
    public string ColumnName => name;
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => percentOfPeak ? 1 : 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => percentOfPeak
        ? string.Create(CultureInfo.InvariantCulture,
            $"GFLOP/s over the measured single-core FMA peak of {Peak.GflopsPerCore:F0} GFLOP/s")
        : "Billions of floating-point operations per second, from the median time";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase,
        SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var median = summary[benchmarkCase]?.ResultStatistics?.Median;
        if (median is not > 0)
            return "-";
        var gflops = flop(benchmarkCase) / median.Value;
        if (double.IsNaN(gflops))
            return "-";
        return percentOfPeak
            ? (gflops / Peak.GflopsPerCore).ToString("P0", CultureInfo.InvariantCulture)
            : gflops.ToString("F1", CultureInfo.InvariantCulture);
    }

    public override string ToString() => ColumnName;
}
