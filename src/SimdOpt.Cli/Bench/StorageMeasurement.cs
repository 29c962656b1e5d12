namespace SimdOpt.Cli.Bench;

/// <summary>The best time of one <see cref="SimdOpt.Training.LowPrecisionOptimizer.Step"/> over one tensor in one
/// storage, and how it compares with the fp32 row (or the first row) of the same optimizer and size.</summary>
/// <param name="Optimizer">The optimizer's registry name.</param>
/// <param name="Size">The tensor's elements.</param>
/// <param name="Storage">The storage.</param>
/// <param name="Threads">The optimizer's thread count.</param>
/// <param name="BytesPerElement">Bytes moved per element per step.</param>
/// <param name="BytesPerParameter">Memory per parameter: value, gradient and state buffers.</param>
/// <param name="NanosecondsPerStep">The best run's time per step.</param>
/// <param name="AgainstReference">This row's time over the reference row's: 1 for the reference itself.</param>
internal sealed record StorageMeasurement(string Optimizer, int Size, BenchStorage Storage, int Threads,
    double BytesPerElement, double BytesPerParameter, double NanosecondsPerStep, double AgainstReference)
{
    /// <summary>The time per step divided by the elements.</summary>
    public double NanosecondsPerElement => NanosecondsPerStep / Size;

    /// <summary>Bytes moved per nanosecond, which is gigabytes (10^9 bytes) per second.</summary>
    public double GigabytesPerSecond => BytesPerElement / NanosecondsPerElement;
}
