using SimdOpt.Kernels;
using SimdOpt.Training;

namespace SimdOpt.Cli.Bench;

/// <summary>
/// Times <see cref="LowPrecisionOptimizer.Step"/> over one tensor in each storage of <c>--storage</c>, for every
/// optimizer and size: the rows of one optimizer and size take turns in this process (<see cref="TurnTakingTimer"/>),
/// so they compare fairly on a noisy host, and each row is compared with the fp32 row (the first row when fp32 is not
/// timed).
/// </summary>
internal static class StorageBenchmark
{
    /// <summary>Measures every storage for every optimizer and size; <paramref name="measured"/> hears of each group of
    /// rows as it comes.</summary>
    public static IReadOnlyList<StorageMeasurement> Run(IReadOnlyList<OptimizerInfo> optimizers,
        IReadOnlyList<int> sizes, IReadOnlyList<BenchStorage> storages, int threads, BenchSettings settings,
        Action<IReadOnlyList<StorageMeasurement>>? measured = null)
    {
        var results = new List<StorageMeasurement>();
        foreach (var info in optimizers.Where(i => i.Inputs.Count == 0))
            foreach (int size in sizes)
            {
                var rows = Measure(info, size, storages, threads, settings);
                results.AddRange(rows);
                measured?.Invoke(rows);
            }
        return results;
    }

    /// <summary>The bytes the rows of one optimizer and size hold at once.</summary>
    public static long BytesFor(OptimizerInfo info, int size, IReadOnlyList<BenchStorage> storages) =>
        (long)Math.Ceiling(storages.Sum(s => s.BytesHeld(info.Create())) * size);

    private static StorageMeasurement[] Measure(OptimizerInfo info, int size, IReadOnlyList<BenchStorage> storages,
        int threads, BenchSettings settings)
    {
        var optimizers = storages.Select(storage =>
        {
            var optimizer = new LowPrecisionOptimizer(info.Create(), storage.Options)
            {
                MaxDegreeOfParallelism = threads,
            };
            optimizer.AddGroup([storage.CreateParameter(size, new Random(KernelBenchmark.Seed))]);
            return optimizer;
        }).ToArray();
        var times = TurnTakingTimer.Measure(new Turns(optimizers), settings, TensorBenchmark.WarmUpSteps);
        int reference = Math.Max(0, storages.ToList().FindIndex(s => s.Name == "fp32"));
        var hyperparameters = info.Create();
        return storages.Select((storage, j) => new StorageMeasurement(info.Name, size, storage, threads,
                storage.BytesMoved(hyperparameters), storage.BytesHeld(hyperparameters), times[j].NanosecondsPerStep,
                times[j].NanosecondsPerStep / times[reference].NanosecondsPerStep))
            .ToArray();
    }

    /// <summary>The rows as contenders of <see cref="TurnTakingTimer"/>.</summary>
    /// <param name="Optimizers">One optimizer per storage.</param>
    private readonly record struct Turns(LowPrecisionOptimizer[] Optimizers) : ITurnTakers
    {
        /// <inheritdoc/>
        public int Count => Optimizers.Length;

        /// <inheritdoc/>
        public void Step(int contender) => Optimizers[contender].Step();
    }
}
