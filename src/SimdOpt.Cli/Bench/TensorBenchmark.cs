using SimdOpt.Kernels;
using SimdOpt.Training;

namespace SimdOpt.Cli.Bench;

/// <summary>
/// Times the training runtime's multi-tensor step, <see cref="Optimizer{T}.Step()"/>, over models cut into tensors: for
/// every optimizer (at its registered defaults), one row per layout and memory (<see cref="TensorMemoryLabels.For"/>),
/// each with its own parameters and optimizer. All rows of an optimizer are timed in this one process with their runs
/// taking turns (<see cref="TurnTakingTimer"/>), so a burst of other work on the machine hurts every row alike and
/// the rows compare fairly even on a noisy host.
/// </summary>
internal static class TensorBenchmark
{
    /// <summary>
    /// Untimed steps of every row before its first run. The first step of an optimizer starts its state and may run
    /// other code than later steps (a step-1 case of the kernel, the state's initial fill); the second compiles the
    /// code of every later step, so no timed run pays for the JIT.
    /// </summary>
    public const int WarmUpSteps = 2;

    /// <summary>The rows of <paramref name="layouts"/>, in order: each layout with each memory it is timed
    /// in.</summary>
    public static IReadOnlyList<(TensorLayout Layout, TensorMemory Memory)> Rows(IReadOnlyList<TensorLayout> layouts) =>
        layouts.SelectMany(layout => TensorMemoryLabels.For(layout).Select(memory => (layout, memory))).ToArray();

    /// <summary>Measures every row for every optimizer; <paramref name="measured"/> hears of each optimizer's rows as
    /// they come.</summary>
    public static IReadOnlyList<TensorMeasurement> Run(IReadOnlyList<OptimizerInfo> optimizers,
        IReadOnlyList<TensorLayout> layouts, int threads, BenchSettings settings, int placements = 1,
        Action<IReadOnlyList<TensorMeasurement>>? measured = null)
    {
        var results = new List<TensorMeasurement>();
        foreach (var info in optimizers)
        {
            var rows = Measure(info, layouts, threads, settings, placements);
            results.AddRange(rows);
            measured?.Invoke(rows);
        }
        return results;
    }

    /// <summary>
    /// Times one optimizer on every row of <paramref name="layouts"/>, each row from a fresh state, the rows taking
    /// turns. Each row's model is built <paramref name="placements"/> times, in fresh memory each time, and the row's
    /// time is the median of its models' best times: two models doing the same work can differ by tens of percent on a
    /// shared host only because of where their memory landed, and the median over several placements evens that out.
    /// </summary>
    public static IReadOnlyList<TensorMeasurement> Measure(OptimizerInfo info, IReadOnlyList<TensorLayout> layouts,
        int threads, BenchSettings settings, int placements = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(placements, 1);
        var rows = Rows(layouts);
        if (rows.Count == 0) return [];
        // Placement by placement, so no row's models all come from one stretch of the heap.
        var steppers = Enumerable.Range(0, placements).SelectMany(_ => rows)
            .Select(row => new Optimizer<float>(info.Create(),
                WithInputs(info, TensorModel.Create(row.Layout, row.Memory, KernelBenchmark.Seed)))
            {
                MaxDegreeOfParallelism = threads,
            })
            .ToArray();
        var times = TurnTakingTimer.Measure(new OptimizerTurns(steppers), settings, WarmUpSteps);
        var perRow = rows
            .Select((_, j) => Enumerable.Range(0, placements).Select(k => times[k * rows.Count + j]).ToArray())
            .ToArray();
        double[] nanoseconds = [.. perRow.Select(t => Median(t.Select(x => x.NanosecondsPerStep)))];
        int bytes = KernelStepper.BytesPerElement(info.Create());
        double first = nanoseconds[0] / rows[0].Layout.Elements;
        return rows.Select((row, j) => new TensorMeasurement(info.Name, row.Layout, row.Memory, placements, threads,
            bytes, nanoseconds[j], perRow[j].Sum(x => x.Steps), nanoseconds[j] / row.Layout.Elements / first))
            .ToArray();
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>The rows as contenders of <see cref="TurnTakingTimer"/>: contender j takes a step of optimizer
    /// j.</summary>
    /// <param name="Optimizers">One optimizer per row, over that row's tensors.</param>
    private readonly record struct OptimizerTurns(Optimizer<float>[] Optimizers) : ITurnTakers
    {
        /// <inheritdoc/>
        public int Count => Optimizers.Length;

        /// <inheritdoc/>
        public void Step(int contender) => Optimizers[contender].Step();
    }

    // An input besides the gradient (Sophia's Hessian estimate) gets an array of its own per tensor, as the runtime
    // refuses one that shares memory with a registered buffer; its values do not matter to the timing.
    private static IEnumerable<Parameter<float>> WithInputs(OptimizerInfo info, Parameter<float>[] parameters) =>
        parameters.Select(parameter => info.Inputs.Aggregate(parameter,
            (p, input) => p.WithInput(input.Name, new float[p.Length])));
}
