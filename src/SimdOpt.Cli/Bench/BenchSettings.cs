namespace SimdOpt.Cli.Bench;

/// <summary>How long to time each cell: <paramref name="Runs"/> runs of at least <paramref name="MinRunTime"/> each;
/// the best run counts.</summary>
/// <param name="MinRunTime">The least time one run lasts; a run repeats the step until it has (at least one
/// step).</param>
/// <param name="Runs">How many runs; the fastest one's time per step is reported, as the least disturbed by other
/// work.</param>
internal sealed record BenchSettings(TimeSpan MinRunTime, int Runs)
{
    /// <summary><c>simdopt bench</c>: 5 runs of at least 20 ms.</summary>
    public static BenchSettings Bench { get; } = new(TimeSpan.FromMilliseconds(20), 5);

    /// <summary>The demo: 5 runs of at least 10 ms, to stay within its time.</summary>
    public static BenchSettings Demo { get; } = new(TimeSpan.FromMilliseconds(10), 5);

    /// <summary>A smoke run for tests and quick mode: one run of at least 1 ms (long enough for the clock to resolve
    /// it).</summary>
    public static BenchSettings Quick { get; } = new(TimeSpan.FromMilliseconds(1), 1);
}
