using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Reports;
using Perfolizer.Horology;
using SimdOpt.Benchmarks.Columns;

namespace SimdOpt.Benchmarks;

/// <summary>
/// The suite's configuration: BenchmarkDotNet's defaults plus the median and the ns/elem, GB/s and speed-up columns
/// (computed from the median, which a shared machine's outliers move less than the mean), and — unless the command
/// line names a job — <see cref="ShortJob"/>, sized so the whole suite (800 to 950 benchmarks, by the machine's
/// paths) takes about an hour.
/// </summary>
public static class SuiteConfig
{
    /// <summary>
    /// One launch, 4 warm-up and 15 measured iterations of about 150 ms each, no overhead evaluation (a step of the
    /// smallest size takes hundreds of nanoseconds; the loop's overhead is about one). About 3 s of measuring per
    /// benchmark, about 4 s with the process start, the JIT and the validation and allocation of the workload.
    /// </summary>
    public static Job ShortJob { get; } = Job.Default
        .WithId("Short")
        .WithLaunchCount(1)
        .WithWarmupCount(4)
        .WithIterationCount(15)
        .WithIterationTime(TimeInterval.FromMilliseconds(150))
        .WithEvaluateOverhead(false);

    /// <summary>The configuration for a run with command-line arguments <paramref name="args"/>.</summary>
    /// <param name="args">BenchmarkDotNet's arguments; with <c>--job</c> (e.g. <c>--job Dry</c>) that job replaces
    /// <see cref="ShortJob"/>.</param>
    public static IConfig Create(IReadOnlyList<string> args)
    {
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(40))
            .WithOrderer(new DefaultOrderer(SummaryOrderPolicy.Declared, MethodOrderPolicy.Declared))
            .AddColumn(StatisticColumn.Median)
            .AddColumn(new NanosecondsPerElementColumn(), new GigabytesPerSecondColumn(), new SpeedupOverScalarColumn());
        bool jobOnCommandLine = args.Any(a => a is "--job" or "-j" || a.StartsWith("--job=", StringComparison.Ordinal));
        return jobOnCommandLine ? config : config.AddJob(ShortJob.AsDefault());
    }
}
