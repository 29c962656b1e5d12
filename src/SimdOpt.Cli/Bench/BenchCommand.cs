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
/// With <c>--tensors</c>, the training runtime's multi-tensor step instead, over models cut into tensors
/// (<see cref="TensorBenchmark"/>).
/// </summary>
internal static class BenchCommand
{
    /// <summary>The one-line error when <c>--tensors</c> and <c>--sizes</c> are both given.</summary>
    public const string TensorsWithSizes =
        "--tensors and --sizes do not go together: --tensors gives each model's sizes itself (COUNTxSIZE); "
            + "--sizes is for the kernel comparison.";

    /// <summary>The one-line error when <c>--storage</c> and <c>--tensors</c> are both given.</summary>
    public const string StorageWithTensors =
        "--storage and --tensors do not go together: --storage times one tensor of each --sizes in each storage.";

    /// <summary>The <c>bench</c> command, writing its tables or JSON to <paramref name="output"/>.</summary>
    public static Command Create(TextWriter output)
    {
        var optimizers = CommonOptions.Optimizers(
            "Benchmark only this optimizer (repeatable); default: every registered one.");
        var sizes = CommonOptions.Sizes(SizeList.Default, "Element counts to time (not with --tensors).");
        var tensors = CommonOptions.Tensors(
            "Time the training runtime's Optimizer<float>.Step() over models cut into tensors instead of the kernels: "
            + "comma-separated COUNTxSIZE, e.g. 1x1M,1000x1K (SIZE: K = 1024, M = 1048576). One tensor is timed in one "
            + "array; several both in arrays of their own and in one ParameterBuffer. All rows take turns in this "
            + "process; 'against' compares each row's ns/elem "
            + "with the first's.");
        var storage = new Option<BenchStorage[]>("--storage")
        {
            Description = "Time LowPrecisionOptimizer.Step() over one tensor of each --sizes in each storage "
                + "instead of the kernels: comma-separated " + BenchStorage.DefaultList
                + " (bf16, fp16, q8: the state buffers; bf16-all: parameters, gradients and states). All rows of a "
                + "size take turns; 'against fp32' compares "
                + "each row's ns/elem with fp32's.",
            HelpName = "STORAGES",
            CustomParser = result =>
            {
                var parsed = BenchStorage.TryParse(string.Join(",", result.Tokens.Select(t => t.Value)),
                    out string? error);
                if (parsed is null) result.AddError("--storage: " + error);
                return parsed ?? [];
            },
        };
        var threads = CommonOptions.Integer("--threads", "N",
            "Split each step across N threads, on whole-vector chunks (with --tensors: the optimizer's "
            + "MaxDegreeOfParallelism).", 1, min: 1);
        var placements = CommonOptions.Integer("--placements", "N",
            "With --tensors: build each row's model N times in fresh memory and report the median of their best times, "
            + "which evens out where memory happened to land.",
            1, min: 1);
        var runs = CommonOptions.Integer("--runs", "N", "Timed runs per measurement; the fastest counts.",
            BenchSettings.Bench.Runs, min: 1);
        var minTime = CommonOptions.Integer("--min-time-ms", "MS",
            "The least time of one run, in milliseconds; a run repeats the step until it has lasted this long.",
            (int)BenchSettings.Bench.MinRunTime.TotalMilliseconds, min: 0);
        var json = new Option<bool>("--json") { Description = "Print the results as JSON instead of tables." };

        var command = new Command("bench",
            "Time one optimizer step per element: scalar, each SIMD path, and the dispatcher (float, best of several "
            + "runs); with --tensors, the training runtime's step over models cut into tensors.");
        command.Options.Add(optimizers);
        command.Options.Add(sizes);
        command.Options.Add(tensors);
        command.Options.Add(storage);
        command.Options.Add(threads);
        command.Options.Add(placements);
        command.Options.Add(runs);
        command.Options.Add(minTime);
        command.Options.Add(json);
        command.Validators.Add(result =>
        {
            if (result.GetResult(tensors) is { Implicit: false } && result.GetResult(sizes) is { Implicit: false })
                result.AddError(TensorsWithSizes);
            if (result.GetResult(tensors) is { Implicit: false } && result.GetResult(storage) is { Implicit: false })
                result.AddError(StorageWithTensors);
        });
        command.SetAction(parsed =>
        {
            var chosen = CommonOptions.Resolve(parsed.GetValue(optimizers));
            var settings = new BenchSettings(TimeSpan.FromMilliseconds(parsed.GetValue(minTime)),
                parsed.GetValue(runs));
            if (parsed.GetResult(storage) is { Implicit: false })
                return RunStorage(chosen, parsed.GetValue(sizes)!, parsed.GetValue(storage)!, parsed.GetValue(threads),
                    settings, output);
            return parsed.GetResult(tensors) is { Implicit: false }
                ? RunTensors(chosen, parsed.GetValue(tensors)!, parsed.GetValue(threads), parsed.GetValue(placements),
                    settings, parsed.GetValue(json), output)
                : Run(chosen, parsed.GetValue(sizes)!, parsed.GetValue(threads), settings, parsed.GetValue(json),
                    output);
        });
        return command;
    }

    /// <summary>The kernel comparison: every optimizer at every size on every code path, as tables or JSON.</summary>
    public static int Run(IReadOnlyList<OptimizerInfo> optimizers, IReadOnlyList<int> sizes, int threads,
        BenchSettings settings, bool json, TextWriter output)
    {
        // One set of buffers, for the largest size and the most state buffers, serves every cell.
        if (optimizers.Count > 0 && sizes.Count > 0)
            MemoryBudget.Require(BenchBuffers.BytesFor(sizes.Max(), optimizers.Max(i => i.States.Count)),
                $"bench --sizes up to {SizeList.Format(sizes.Max())}", "choose smaller --sizes");
        var paths = KernelPaths.Available;
        if (json)
        {
            BenchJson.Write(KernelBenchmark.Run(optimizers, sizes, paths, threads, settings), output);
            return 0;
        }
        var console = Terminal.Create(output);
        var results = ProgressDisplay.Run(console, "Timing optimizer steps",
            optimizers.Count * sizes.Count * paths.Count,
            tick => KernelBenchmark.Run(optimizers, sizes, paths, threads, settings, _ => tick()));
        foreach (var table in BenchTable.Build(results))
            console.Write(table);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Best of {settings.Runs} run(s) of at least {settings.MinRunTime.TotalMilliseconds:0} ms each; "
            + $"bytes/elem counts p read+written, g read, each active state buffer read+written (float)."));
        return 0;
    }

    /// <summary>The multi-tensor comparison: every optimizer's <see cref="SimdOpt.Training.Optimizer{T}.Step()"/> over
    /// every layout, as tables or JSON.</summary>
    public static int RunTensors(IReadOnlyList<OptimizerInfo> optimizers, IReadOnlyList<TensorLayout> layouts,
        int threads, int placements, BenchSettings settings, bool json, TextWriter output)
    {
        // One optimizer at a time holds every row's models, each built once per placement.
        if (optimizers.Count > 0)
            MemoryBudget.Require(optimizers.Max(i => placements
                    * TensorBenchmark.Rows(layouts).Sum(row => TensorModel.BytesFor(row.Layout, i.States.Count))),
                $"bench --tensors {string.Join(",", layouts)} with --placements "
                + $"{placements.ToString(CultureInfo.InvariantCulture)}", "choose smaller models or fewer placements");
        if (json)
        {
            TensorBenchJson.Write(TensorBenchmark.Run(optimizers, layouts, threads, settings, placements), output);
            return 0;
        }
        var console = Terminal.Create(output);
        var results = ProgressDisplay.Run(console, "Timing Optimizer<float>.Step() over tensors", optimizers.Count,
            tick => TensorBenchmark.Run(optimizers, layouts, threads, settings, placements, _ => tick()));
        foreach (var table in TensorBenchTable.Build(results))
            console.Write(table);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Best of {settings.Runs} run(s) of at least {settings.MinRunTime.TotalMilliseconds:0} ms each, "
            + $"all rows taking turns; median of {placements} placement(s) of each model; {threads} thread(s); "
            + $"bytes/elem: p read+written, g read, each active state buffer read+written."));
        return 0;
    }

    /// <summary>The storage comparison: every optimizer at every size in every storage, as tables.</summary>
    public static int RunStorage(IReadOnlyList<OptimizerInfo> optimizers, IReadOnlyList<int> sizes,
        IReadOnlyList<BenchStorage> storages, int threads, BenchSettings settings, TextWriter output)
    {
        if (optimizers.Count > 0 && sizes.Count > 0)
            MemoryBudget.Require(optimizers.Max(i => StorageBenchmark.BytesFor(i, sizes.Max(), storages)),
                $"bench --storage with --sizes up to {SizeList.Format(sizes.Max())}", "choose smaller --sizes");
        var console = Terminal.Create(output);
        var results = ProgressDisplay.Run(console, "Timing LowPrecisionOptimizer.Step() in each storage",
            optimizers.Count * sizes.Count,
            tick => StorageBenchmark.Run(optimizers, sizes, storages, threads, settings, _ => tick()));
        foreach (var table in StorageBenchTable.Build(results))
            console.Write(table);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Best of {settings.Runs} run(s) of at least {settings.MinRunTime.TotalMilliseconds:0} ms each, the "
            + $"storages taking turns; {threads} thread(s); bytes/elem: p read+written, g read, each active state "
            + $"buffer read+written, in its storage (q8: 1 byte + a 4-byte scale per 256); bytes/param: p, g and every "
            + $"declared state buffer."));
        return 0;
    }
}
