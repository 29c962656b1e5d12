namespace SimdOpt.Cli.Bench;

/// <summary>What <see cref="TurnTakingTimer"/> measured of one contender.</summary>
/// <param name="NanosecondsPerStep">The best run's time per step, in nanoseconds.</param>
/// <param name="Steps">How many timed steps the contender took in all runs (the warm-up step not counted).</param>
internal readonly record struct TurnTime(double NanosecondsPerStep, long Steps);
