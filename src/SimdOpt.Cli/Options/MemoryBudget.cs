using System.Globalization;

namespace SimdOpt.Cli.Options;

/// <summary>
/// The memory a command may use, checked before it allocates: a run that would not fit is refused with one line,
/// instead of the runtime's "Out of memory." and an abort part-way through.
/// </summary>
internal static class MemoryBudget
{
    /// <summary>The memory this process may use: the machine's, or the container's or GC heap limit when one is
    /// set.</summary>
    public static long Available => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>Throws a <see cref="UsageException"/> unless <paramref name="bytes"/> fit in
    /// <see cref="Available"/>.</summary>
    /// <param name="bytes">The estimated peak of what the run allocates.</param>
    /// <param name="what">The run and the options that size it, e.g. <c>bench --sizes up to 2047M with
    /// adamw</c>.</param>
    /// <param name="remedy">What to change, e.g. <c>choose smaller --sizes</c>.</param>
    public static void Require(long bytes, string what, string remedy)
    {
        long available = Available;
        if (bytes > available)
            throw new UsageException($"{what} needs about {Format(bytes)} of memory, "
                + $"but {Format(available)} is available here; {remedy}.");
    }

    /// <summary>Bytes in GiB or MiB, one decimal.</summary>
    public static string Format(long bytes) => bytes >= 1L << 30
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):F1} GiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):F1} MiB");
}
