using System.CommandLine;
using System.Globalization;
using SimdOpt.Cli.Options;
using SimdOpt.Cli.Output;
using SimdOpt.Kernels;
using Spectre.Console;

namespace SimdOpt.Cli.Bench;

/// <summary>
/// <c>simdopt bench</c>: the quick SIMD-versus-scalar comparison without BenchmarkDotNet — every registered optimizer
/// (or the ones named) on the scalar path, each accelerated vector path and the dispatcher, in ns per element and GB/s.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(TextWriter output)
    {
        var optimizers = CommonOptions.Optimizers("Benchmark only this optimizer (repeatable); default: every registered one.");
        var sizes = CommonOptions.Sizes(SizeList.Default, "Element counts to time.");
        var threads = CommonOptions.Integer("--threads", "N", "Split each step across N threads, on whole-vector chunks.", 1, min: 1);
        var runs = CommonOptions.Integer("--runs", "N", "Timed runs per measurement; the fastest counts.", BenchSettings.Bench.Runs, min: 1);
        var minTime = CommonOptions.Integer("--min-time-ms", "MS", "The least time of one run, in milliseconds; a run repeats the step until it has lasted this long.",
            (int)BenchSettings.Bench.MinRunTime.TotalMilliseconds, min: 0);
        var json = new Option<bool>("--json") { Description = "Print the results as JSON instead of tables." };

        var command = new Command("bench", "Time one optimizer step per element: scalar, each SIMD path, and the dispatcher (float, best of several runs).");
        command.Options.Add(optimizers);
        command.Options.Add(sizes);
        command.Options.Add(threads);
        command.Options.Add(runs);
        command.Options.Add(minTime);
        command.Options.Add(json);
        command.SetAction(parsed => Run(
            CommonOptions.Resolve(parsed.GetValue(optimizers)),
            parsed.GetValue(sizes)!,
            parsed.GetValue(threads),
            new BenchSettings(TimeSpan.FromMilliseconds(parsed.GetValue(minTime)), parsed.GetValue(runs)),
            parsed.GetValue(json),
            output));
        return command;
    }

    public static int Run(IReadOnlyList<OptimizerInfo> optimizers, IReadOnlyList<int> sizes, int threads, BenchSettings settings, bool json, TextWriter output)
    {
        var paths = KernelPaths.Available;
        if (json)
        {
            BenchJson.Write(KernelBenchmark.Run(optimizers, sizes, paths, threads, settings), output);
            return 0;
        }
        var console = Terminal.Create(output);
        var results = ProgressDisplay.Run(console, "Timing optimizer steps", optimizers.Count * sizes.Count * paths.Count,
            tick => KernelBenchmark.Run(optimizers, sizes, paths, threads, settings, _ => tick()));
        foreach (var table in BenchTable.Build(results))
            console.Write(table);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Best of {settings.Runs} run(s) of at least {settings.MinRunTime.TotalMilliseconds:0} ms each; bytes/elem counts p read+written, g read, each active state buffer read+written (float)."));
        return 0;
    }
}
