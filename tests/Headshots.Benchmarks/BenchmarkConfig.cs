using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Headshots.Benchmarks;

/// <summary>Floating-point operations one invocation performs; the GFLOP/s column divides it by the mean time.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FlopsAttribute(double flops) : Attribute
{
    public double Flops { get; } = flops;
}

/// <summary>Marks the machine baseline (the MatMul graph); every other result is also shown as a multiple of it.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class MachineBaselineAttribute : Attribute;

internal static class BenchmarkConfig
{
    public static IConfig Create() => ManualConfig.Create(DefaultConfig.Instance)
        .AddColumn(new GflopsColumn(), new BaselineRatioColumn())
        .WithOptions(ConfigOptions.JoinSummary);
}

internal abstract class CustomColumn : IColumn
{
    public abstract string Id { get; }

    public abstract string ColumnName { get; }

    public abstract string Legend { get; }

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public abstract string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style);

    protected static double? MeanNanoseconds(Summary summary, BenchmarkCase benchmarkCase) =>
        summary[benchmarkCase]?.ResultStatistics?.Mean;

    protected static T? Marker<T>(BenchmarkCase benchmarkCase)
        where T : Attribute =>
        benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttributes(typeof(T), inherit: false).OfType<T>().FirstOrDefault();
}

internal sealed class GflopsColumn : CustomColumn
{
    public override string Id => "GFLOPS";

    public override string ColumnName => "GFLOP/s";

    public override string Legend => "Achieved GFLOP/s for benchmarks that declare their operation count";

    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        Marker<FlopsAttribute>(benchmarkCase) is { } flops && MeanNanoseconds(summary, benchmarkCase) is { } mean and > 0
            ? (flops.Flops / mean).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)
            : "-";
}

internal sealed class BaselineRatioColumn : CustomColumn
{
    public override string Id => "VsMatMul";

    public override string ColumnName => "vs MatMul";

    public override string Legend => "Mean time as a multiple of the MatMul machine baseline in the same run";

    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var baseline = summary.BenchmarksCases.FirstOrDefault(c => Marker<MachineBaselineAttribute>(c) is not null);
        return baseline is not null && MeanNanoseconds(summary, baseline) is { } reference and > 0 && MeanNanoseconds(summary, benchmarkCase) is { } mean
            ? (mean / reference).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)
            : "-";
    }
}
