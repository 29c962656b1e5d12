using BenchmarkDotNet.Attributes;
using SimdOpt.Benchmarks.Kernels;
using SimdOpt.Benchmarks.Suite;
using SimdOpt.Optimizers;
using SimdOpt.Training;

namespace SimdOpt.Benchmarks.Fused;

/// <summary>
/// Issue 18's criterion: an AdamW step of 16 M floats with loss scaling and norm clipping, as today's three calls
/// (<c>GradScaler.Unscale</c>, <c>GradientClipping.ClipGradNorm</c>, <c>GradScaler.Step</c>: 8 + 12 + 28 = 48 bytes
/// moved per element) against the fused <c>GradScaler.Step(optimizer, maxNorm)</c> (a read-only pass, then the step
/// with the factor in its kernel: 4 + 28 = 32), on one thread and on every thread. The goal is a ratio of at least 1.4.
/// </summary>
/// <remarks>
/// The unfused calls write the gradients, so a benchmark repeating them would shrink the gradients to subnormals
/// within a few iterations (each unscale divides them by the scale). Here the scale is 0.5, whose unscale doubles the
/// gradients, and the largest norm is the gradients' initial norm, so the clip coefficient is about 0.5 and acts on
/// every iteration: the gradients stay as they are to within a millionth for millions of iterations, and both rows do
/// the same work on the same numbers. (A scale below 1 is what a scaler reaches after backing off from overflows; the
/// traffic is the same at any scale.) <see cref="ElementCounts.Variable"/> replaces the size, for a dry run.
/// </remarks>
public class FusedStepBenchmark
{
    private Optimizer<float> _optimizer = null!;
    private GradScaler _scaler = null!;
    private double _maxNorm;

    /// <summary>The tensor's element count: 16 M, unless <see cref="ElementCounts.Variable"/> is set.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Elements { get; set; }

    /// <summary>The optimizer's threads: one, and every processor.</summary>
    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    /// <summary>16 M elements, or the sizes <see cref="ElementCounts.Variable"/> names.</summary>
    public static IEnumerable<int> Sizes =>
        Environment.GetEnvironmentVariable(ElementCounts.Variable) is null ? [1 << 24] : ElementCounts.Selected;

    /// <summary>1 and <see cref="Environment.ProcessorCount"/>.</summary>
    public static IEnumerable<int> ThreadCounts => new[] { 1, Environment.ProcessorCount }.Distinct();

    /// <summary>The suite's workload of one tensor (random values and gradients), its first step taken (which fills
    /// the state).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var workload = new Workload(new AdamW(lr: 1e-3), Elements);
        _optimizer = new Optimizer<float>(workload.Hyperparameters,
            [new Parameter<float>(workload.Parameters, workload.Gradients)])
        {
            MaxDegreeOfParallelism = Threads,
        };
        _maxNorm = _optimizer.CheckGradients().Norm;
        _scaler = new GradScaler(initScale: 0.5, growthInterval: int.MaxValue);
        _optimizer.Step();
    }

    /// <summary>Today's three calls: unscale, clip, step (and the scaler's update).</summary>
    [Benchmark(Baseline = true)]
    public void Unfused()
    {
        _scaler.Unscale(_optimizer);
        GradientClipping.ClipGradNorm(_optimizer, _maxNorm);
        _scaler.Step(_optimizer);
        _scaler.Update();
    }

    /// <summary>The fused call (and the scaler's update).</summary>
    [Benchmark]
    public void Fused()
    {
        _scaler.Step(_optimizer, _maxNorm);
        _scaler.Update();
    }
}
