using System.Globalization;

namespace SimdOpt.Benchmarks.Suite;

/// <summary>
/// The tensor sizes every benchmark runs at: 1K and 16K elements (the arrays of one step fit in L1 and L2), 256K (L2
/// and L3), 4M and 16M (main memory). <see cref="Variable"/> narrows them, e.g. to one tiny size for a dry run; it is
/// read from the environment so that BenchmarkDotNet's child processes see the same list as the host.
/// </summary>
public static class ElementCounts
{
    /// <summary>The environment variable that overrides the sizes: comma-separated element counts, e.g.
    /// <c>1024,4099</c>.</summary>
    public const string Variable = "SIMDOPT_BENCH_SIZES";

    /// <summary>1K, 16K, 256K, 4M and 16M elements.</summary>
    public static IReadOnlyList<int> Default { get; } = [1 << 10, 1 << 14, 1 << 18, 1 << 22, 1 << 24];

    /// <summary>The sizes of this run: <see cref="Default"/>, unless <see cref="Variable"/> is set.</summary>
    /// <exception cref="FormatException"><see cref="Variable"/> holds something other than positive
    /// integers.</exception>
    public static IReadOnlyList<int> Selected => Parse(Environment.GetEnvironmentVariable(Variable));

    /// <summary>Parses a comma-separated list of positive element counts; null or blank gives
    /// <see cref="Default"/>.</summary>
    /// <param name="text">The list, e.g. <c>1024,4099</c>.</param>
    /// <exception cref="FormatException">An entry is not a positive integer.</exception>
    public static IReadOnlyList<int> Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Default;
        return text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => int.TryParse(entry, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0
                ? n
                : throw new FormatException($"{Variable} must list positive element counts separated by commas, but holds '{entry}'."))
            .ToArray();
    }
}
