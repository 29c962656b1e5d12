using System.Diagnostics;
using SimdOpt.Kernels;

namespace SimdOpt.Cli.Bench;

/// <summary>
/// Times optimizer steps without BenchmarkDotNet: for every size and optimizer (at its registered defaults), each code
/// path's best of several runs, each run repeating the step until it has lasted long enough. The runs of the paths
/// take turns, so a burst of other work on the machine hurts every path alike instead of one. <c>simdopt bench</c>
/// and the demo's SIMD part both measure with this.
/// </summary>
internal static class KernelBenchmark
{
    /// <summary>Fixed seed of the parameters and gradients, so every run steps the same numbers.</summary>
    public const int Seed = 20231005;

    /// <summary>Measures every combination; <paramref name="measured"/> hears of each result as it comes.</summary>
    public static IReadOnlyList<BenchMeasurement> Run(IReadOnlyList<OptimizerInfo> optimizers, IReadOnlyList<int> sizes,
        IReadOnlyList<KernelPath> paths, int threads, BenchSettings settings, Action<BenchMeasurement>? measured = null)
    {
        if (optimizers.Count == 0 || sizes.Count == 0 || paths.Count == 0) return [];
        var buffers = new BenchBuffers(sizes.Max(), optimizers.Max(i => i.States.Count), Seed);
        var results = new List<BenchMeasurement>();
        foreach (int size in sizes)
        {
            foreach (var info in optimizers)
            {
                var optimizer = info.Create();
                foreach (var result in Measure(optimizer, new KernelStepper(optimizer, buffers, size, threads), paths, settings))
                {
                    results.Add(result);
                    measured?.Invoke(result);
                }
            }
        }
        return results;
    }

    /// <summary>Times <paramref name="stepper"/> on each of <paramref name="paths"/>, starting from a fresh state.</summary>
    public static IReadOnlyList<BenchMeasurement> Measure(OptimizerDefinition optimizer, KernelStepper stepper, IReadOnlyList<KernelPath> paths, BenchSettings settings)
    {
        stepper.Reset();
        var steps = new long[paths.Count];
        var best = new double[paths.Count];
        var total = new long[paths.Count];
        var clock = new Stopwatch();
        for (int j = 0; j < paths.Count; j++)
        {
            stepper.Step(paths[j]); // warm-up: compiles this path's loop, touches every page
            // The first run finds how many steps last MinRunTime, doubling the count so the clock is read rarely.
            clock.Restart();
            long batch = 1;
            while (true)
            {
                for (long i = 0; i < batch; i++) stepper.Step(paths[j]);
                steps[j] += batch;
                if (clock.Elapsed >= settings.MinRunTime) break;
                batch = steps[j];
            }
            best[j] = clock.Elapsed.TotalNanoseconds / steps[j];
            total[j] = steps[j];
        }
        for (int run = 1; run < settings.Runs; run++)
        {
            for (int j = 0; j < paths.Count; j++)
            {
                clock.Restart();
                for (long i = 0; i < steps[j]; i++) stepper.Step(paths[j]);
                best[j] = Math.Min(best[j], clock.Elapsed.TotalNanoseconds / steps[j]);
                total[j] += steps[j];
            }
        }
        int bytes = KernelStepper.BytesPerElement(optimizer);
        int threads = stepper.Threads;
        return paths.Select((path, j) => new BenchMeasurement(optimizer.Info.Name, stepper.Length, path, threads, bytes, best[j] / stepper.Length, total[j])).ToArray();
    }
}
