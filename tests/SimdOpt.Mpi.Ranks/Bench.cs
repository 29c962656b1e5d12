using System.Diagnostics;
using System.Globalization;
using SimdOpt.Optimizers;

namespace SimdOpt.Mpi.Ranks;

/// <summary>
/// Times sharded AdamW steps (clipping on, so the norm's all-gather is in every step) over one float tensor of a given
/// size: warm-up steps, then the median of timed steps, each between two barriers so every rank times the same step.
/// A harness of its own because BenchmarkDotNet cannot run an MPI job (its benchmark processes would not be ranks).
/// </summary>
public static class Bench
{
    /// <summary>Runs the timing on every rank; returns rank 0's report line (an empty line on the others).</summary>
    public static string Run(IRankCommunicator world, int elements, int steps)
    {
        var p = new float[elements];
        var g = new float[elements];
        for (int i = 0; i < elements; i++)
        {
            p[i] = (i % 1000) * 1e-3f;
            g[i] = ((i * 7) % 1000 - 500) * 1e-3f;
        }
        var optimizer = new ShardedOptimizer<float>(new AdamW(), [elements], world);
        var options = new ShardedStepOptions { MaxNorm = 1e9 };
        for (int s = 0; s < 5; s++) optimizer.Step(p, g, options);
        var times = new double[steps];
        for (int s = 0; s < steps; s++)
        {
            world.Barrier();
            long start = Stopwatch.GetTimestamp();
            optimizer.Step(p, g, options);
            world.Barrier();
            times[s] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        return world.Rank != 0 ? "" : string.Create(CultureInfo.InvariantCulture,
            $"{world.Size} rank(s), {elements} floats: median step {times[steps / 2]:F3} ms "
            + $"(min {times[0]:F3}, max {times[^1]:F3}) over {steps} steps");
    }
}
