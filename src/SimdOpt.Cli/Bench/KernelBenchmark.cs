using SimdOpt.Kernels;

namespace SimdOpt.Cli.Bench;

/// <summary>
/// Times optimizer steps without BenchmarkDotNet: for every size and optimizer (at its registered defaults), each code
/// path's best of several runs, each run repeating the step until it has lasted long enough. The runs of the paths
/// take turns (<see cref="TurnTakingTimer"/>), so a burst of other work on the machine hurts every path alike instead
/// of one. <c>simdopt bench</c> and the demo's SIMD part both measure with this.
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
                var hyperparameters = info.Create();
                foreach (var result in Measure(hyperparameters,
                    new KernelStepper(hyperparameters, buffers, size, threads), paths, settings))
                {
                    results.Add(result);
                    measured?.Invoke(result);
                }
            }
        }
        return results;
    }

    /// <summary>Times <paramref name="stepper"/> on each of <paramref name="paths"/>, starting from a fresh state, the
    /// paths taking turns.</summary>
    public static IReadOnlyList<BenchMeasurement> Measure(OptimizerHyperparameters hyperparameters,
        KernelStepper stepper, IReadOnlyList<KernelPath> paths, BenchSettings settings)
    {
        stepper.Reset();
        var times = TurnTakingTimer.Measure(new PathTurns(stepper, paths), settings);
        int bytes = KernelStepper.BytesPerElement(hyperparameters);
        int threads = stepper.Threads;
        return paths.Select((path, j) => new BenchMeasurement(hyperparameters.Info.Name, stepper.Length, path,
            threads, bytes, times[j].NanosecondsPerStep / stepper.Length, times[j].Steps)).ToArray();
    }

    /// <summary>The code paths as contenders of <see cref="TurnTakingTimer"/>: contender j steps
    /// <paramref name="Stepper"/> on path j.</summary>
    /// <param name="Stepper">The optimizer stepping the benchmark's buffers.</param>
    /// <param name="Paths">The code paths, one contender each.</param>
    private readonly record struct PathTurns(KernelStepper Stepper, IReadOnlyList<KernelPath> Paths) : ITurnTakers
    {
        /// <inheritdoc/>
        public int Count => Paths.Count;

        /// <inheritdoc/>
        public void Step(int contender) => Stepper.Step(Paths[contender]);
    }
}
