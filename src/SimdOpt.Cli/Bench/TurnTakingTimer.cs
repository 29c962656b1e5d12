using System.Diagnostics;

namespace SimdOpt.Cli.Bench;

/// <summary>
/// Times several contenders in one process with their runs taking turns: run 1 of every contender, then run 2 of
/// every contender, and so on, so a burst of other work on the machine hurts every contender alike instead of one.
/// Each contender's best run counts. <see cref="KernelBenchmark"/> (code paths) and <see cref="TensorBenchmark"/>
/// (memory layouts of a model) both time with this.
/// </summary>
internal static class TurnTakingTimer
{
    /// <summary>
    /// Times each of <paramref name="contenders"/>: <paramref name="warmUpSteps"/> untimed steps, then
    /// <see cref="BenchSettings.Runs"/> runs of at least <see cref="BenchSettings.MinRunTime"/>, the runs of the
    /// contenders taking turns.
    /// </summary>
    /// <param name="contenders">What to time.</param>
    /// <param name="settings">How many runs, and how long each lasts at least.</param>
    /// <param name="warmUpSteps">Untimed steps per contender before its first run: enough to compile every loop a timed
    /// step runs and touch every page.</param>
    public static TurnTime[] Measure<TTakers>(TTakers contenders, BenchSettings settings, int warmUpSteps = 1)
        where TTakers : ITurnTakers
    {
        ArgumentOutOfRangeException.ThrowIfNegative(warmUpSteps);
        int count = contenders.Count;
        var steps = new long[count];
        var best = new double[count];
        var total = new long[count];
        var clock = new Stopwatch();
        for (int j = 0; j < count; j++)
        {
            // compiles the contender's loop, touches every page
            for (int i = 0; i < warmUpSteps; i++) contenders.Step(j);
            // The first run finds how many steps last MinRunTime, doubling the count so the clock is read rarely.
            clock.Restart();
            long batch = 1;
            while (true)
            {
                for (long i = 0; i < batch; i++) contenders.Step(j);
                steps[j] += batch;
                if (clock.Elapsed >= settings.MinRunTime) break;
                batch = steps[j];
            }
            best[j] = clock.Elapsed.TotalNanoseconds / steps[j];
            total[j] = steps[j];
        }
        for (int run = 1; run < settings.Runs; run++)
        {
            for (int j = 0; j < count; j++)
            {
                clock.Restart();
                for (long i = 0; i < steps[j]; i++) contenders.Step(j);
                best[j] = Math.Min(best[j], clock.Elapsed.TotalNanoseconds / steps[j]);
                total[j] += steps[j];
            }
        }
        var times = new TurnTime[count];
        for (int j = 0; j < count; j++) times[j] = new TurnTime(best[j], total[j]);
        return times;
    }
}
