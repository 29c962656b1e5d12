using System.Diagnostics;
using SimdOpt.Kernels;

namespace SimdOpt.Cli.Bench;

/// <summary>
/// Times optimizer steps without BenchmarkDotNet: for every size, optimizer (at its registered defaults) and code
/// path, the best of several runs, each repeating the step until it has lasted long enough. <c>simdopt bench</c>
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
                var stepper = new KernelStepper(optimizer, buffers, size, threads);
                foreach (var path in paths)
                {
                    var result = Measure(optimizer, stepper, path, threads, settings);
                    results.Add(result);
                    measured?.Invoke(result);
                }
            }
        }
        return results;
    }

    /// <summary>Times <paramref name="stepper"/> on <paramref name="path"/>, from a fresh state.</summary>
    public static BenchMeasurement Measure(OptimizerDefinition optimizer, KernelStepper stepper, KernelPath path, int threads, BenchSettings settings)
    {
        stepper.Reset();
        stepper.Step(path); // warm-up: compiles this path's loop, touches every page

        // The first run finds how many steps last MinRunTime, doubling the count so the clock is read rarely.
        var clock = Stopwatch.StartNew();
        long steps = 0, batch = 1;
        while (true)
        {
            for (long i = 0; i < batch; i++) stepper.Step(path);
            steps += batch;
            if (clock.Elapsed >= settings.MinRunTime) break;
            batch = steps;
        }
        double best = clock.Elapsed.TotalNanoseconds / steps;
        long total = steps;
        for (int run = 1; run < settings.Runs; run++)
        {
            clock.Restart();
            for (long i = 0; i < steps; i++) stepper.Step(path);
            best = Math.Min(best, clock.Elapsed.TotalNanoseconds / steps);
            total += steps;
        }
        return new BenchMeasurement(optimizer.Info.Name, stepper.Length, path, threads,
            KernelStepper.BytesPerElement(optimizer), best / stepper.Length, total);
    }
}
