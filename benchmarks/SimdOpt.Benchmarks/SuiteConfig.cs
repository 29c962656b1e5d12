using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Reports;
using Perfolizer.Horology;
using SimdOpt.Benchmarks.Columns;

namespace SimdOpt.Benchmarks;

/// <summary>
/// The suite's configuration: BenchmarkDotNet's defaults plus the ns/elem, GB/s and speed-up columns, and — unless the
/// command line names a job — <see cref="ShortJob"/>, sized so the whole suite (about 900 benchmarks) fits in roughly
/// an hour.
/// </summary>
public static class SuiteConfig
{
    /// <summary>
    /// One launch, 3 warm-up and 5 measured iterations of about 100 ms each, no overhead evaluation (a step of the
    /// smallest size takes hundreds of nanoseconds; the loop's overhead is about one). About 1.5 s of measuring per
    /// benchmark, a few seconds with the process start, the JIT and the 16M-element workloads' allocation.
    /// </summary>
    public static Job ShortJob { get; } = Job.Default
        .WithId("Short")
        .WithLaunchCount(1)
        .WithWarmupCount(3)
        .WithIterationCount(5)
        .WithIterationTime(TimeInterval.FromMilliseconds(100))
        .WithEvaluateOverhead(false);

    /// <summary>The configuration for a run with command-line arguments <paramref name="args"/>.</summary>
    /// <param name="args">BenchmarkDotNet's arguments; with <c>--job</c> (e.g. <c>--job Dry</c>) that job replaces <see cref="ShortJob"/>.</param>
    public static IConfig Create(IReadOnlyList<string> args)
    {
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(40))
            .WithOrderer(new DefaultOrderer(SummaryOrderPolicy.Declared, MethodOrderPolicy.Declared))
            .AddColumn(new NanosecondsPerElementColumn(), new GigabytesPerSecondColumn(), new SpeedupOverScalarColumn());
        bool jobOnCommandLine = args.Any(a => a is "--job" or "-j" || a.StartsWith("--job=", StringComparison.Ordinal));
        return jobOnCommandLine ? config : config.AddJob(ShortJob.AsDefault());
    }
}
