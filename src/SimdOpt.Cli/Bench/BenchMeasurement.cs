using SimdOpt.Kernels;

namespace SimdOpt.Cli.Bench;

/// <summary>
/// The best time of one optimizer step on one code path and size, per element, and the memory traffic it implies.
/// </summary>
/// <param name="Optimizer">The optimizer's registry name.</param>
/// <param name="Elements">The number of float elements stepped.</param>
/// <param name="Path">The code path.</param>
/// <param name="Threads">How many threads shared each step.</param>
/// <param name="BytesPerElement">Bytes moved per element: p read and written, g read, each active state buffer read and
/// written.</param>
/// <param name="NanosecondsPerElement">The best run's time per step, divided by <paramref name="Elements"/>.</param>
/// <param name="Steps">How many timed steps the measurement took in all.</param>
internal sealed record BenchMeasurement(string Optimizer, int Elements, KernelPath Path, int Threads,
    int BytesPerElement, double NanosecondsPerElement, long Steps)
{
    /// <summary>Bytes moved per nanosecond, which is gigabytes (10^9 bytes) per second.</summary>
    public double GigabytesPerSecond => BytesPerElement / NanosecondsPerElement;
}
