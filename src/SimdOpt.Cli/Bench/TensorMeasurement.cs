namespace SimdOpt.Cli.Bench;

/// <summary>
/// The best time of one <see cref="SimdOpt.Training.Optimizer{T}.Step()"/> over a model of float tensors laid out one
/// way, and how it compares with the first row of its optimizer.
/// </summary>
/// <param name="Optimizer">The optimizer's registry name.</param>
/// <param name="Layout">How many tensors of how many elements.</param>
/// <param name="Memory">Where the tensors lie: one array, arrays of their own, or one buffer.</param>
/// <param name="Placements">How many times the model was built in fresh memory; the time is the median of their best
/// runs.</param>
/// <param name="Threads">The optimizer's <see cref="SimdOpt.Training.Optimizer.MaxDegreeOfParallelism"/>.</param>
/// <param name="BytesPerElement">Bytes moved per element: p read and written, g read, each active state buffer read and
/// written.</param>
/// <param name="NanosecondsPerStep">The best run's time per step of the whole model (the median over
/// placements).</param>
/// <param name="Steps">How many timed steps the measurement took in all.</param>
/// <param name="AgainstFirst">This row's ns per element over that of its optimizer's first row (the first layout's
/// first memory): 1 for that row itself.</param>
internal sealed record TensorMeasurement(string Optimizer, TensorLayout Layout, TensorMemory Memory, int Placements,
    int Threads, int BytesPerElement, double NanosecondsPerStep, long Steps, double AgainstFirst)
{
    /// <summary>The best run's time per step, in milliseconds.</summary>
    public double MillisecondsPerStep => NanosecondsPerStep / 1e6;

    /// <summary>The best run's time per step, divided by the elements of all tensors.</summary>
    public double NanosecondsPerElement => NanosecondsPerStep / Layout.Elements;

    /// <summary>Bytes moved per nanosecond, which is gigabytes (10^9 bytes) per second.</summary>
    public double GigabytesPerSecond => BytesPerElement / NanosecondsPerElement;
}
