using System.Globalization;
using SimdOpt.Cli.Bench;
using SimdOpt.Cli.Charts;
using SimdOpt.Cli.Options;
using SimdOpt.Cli.Output;
using SimdOpt.Kernels;
using Spectre.Console;

namespace SimdOpt.Cli.Demo;

/// <summary>
/// Part 3: SIMD vs scalar. Every registered optimizer at its defaults, timed on the scalar path, each accelerated
/// vector path and the dispatcher, with the same measurement code as <c>simdopt bench</c>.
/// </summary>
internal static class SimdPart
{
    /// <summary>Runs the part: returns the picture written.</summary>
    public static IReadOnlyList<string> Run(DemoContext context)
    {
        var console = context.Console;
        var settings = context.Quick ? BenchSettings.Quick : BenchSettings.Demo;
        var optimizers = context.Optimizers.Select(o => o.Info).DistinctBy(i => i.Name).ToArray();
        var paths = KernelPaths.Available;
        console.Write(new Rule("3. SIMD vs scalar"));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"One float step of each optimizer (registered defaults) at "
            + $"{string.Join(", ", context.SimdSizes.Select(SizeList.Format))} elements, on {string.Join(", ", paths)} "
            + $"(Auto dispatches to {KernelPaths.Widest} here), one thread."));
        string shorter = settings == BenchSettings.Bench ? "" : string.Create(CultureInfo.InvariantCulture,
            $" ('simdopt bench' takes the best of {BenchSettings.Bench.Runs} runs of at least "
            + $"{BenchSettings.Bench.MinRunTime.TotalMilliseconds:0} ms; the demo times less to stay short)");
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Timing: best of {settings.Runs} run(s) of at least {settings.MinRunTime.TotalMilliseconds:0} ms per "
            + $"cell, the paths taking turns{shorter}."));
        if (!context.SimdSizes.SequenceEqual(DemoCommand.DefaultSimdSizes))
            console.WriteLine($"Sizes: {string.Join(", ", context.SimdSizes.Select(SizeList.Format))} "
                + $"instead of the full {string.Join(", ", DemoCommand.DefaultSimdSizes.Select(SizeList.Format))} "
                + $"(--sizes sets them).");
        var results = ProgressDisplay.Run(console, "Timing kernels",
            optimizers.Length * context.SimdSizes.Count * paths.Count,
            tick => KernelBenchmark.Run(optimizers, context.SimdSizes, paths, threads: 1, settings, _ => tick()));
        foreach (var table in BenchTable.Build(results))
            console.Write(table);
        console.WriteLine("bytes/elem: p read and written, g read, each active state buffer read and "
            + "written, 4 bytes each; GB/s = bytes/elem / ns per element.");
        return [BenchChart.Save(results, context.FilePath("simd.png"))];
    }
}
