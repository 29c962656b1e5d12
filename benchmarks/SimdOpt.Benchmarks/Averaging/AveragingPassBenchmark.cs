using BenchmarkDotNet.Attributes;
using SimdOpt.Averaging;
using SimdOpt.Optimizers;
using SimdOpt.Training;

namespace SimdOpt.Benchmarks.Averaging;

/// <summary>
/// What weight averaging costs beside the optimizer step it follows: an AdamW step of one tensor on one thread (the
/// baseline, 28 bytes moved per element), the same step followed by an EMA update (a pass of its own: 12 more bytes per
/// element — the parameter read, the average read and written), and the EMA update alone. In cache (64 K floats) and
/// out of it (4 M); the ratio of the second row to the first is the price of not fusing the update into the step.
/// </summary>
public class AveragingPassBenchmark
{
    private Optimizer<float> _optimizer = null!;
    private AveragedParameters<float> _ema = null!;

    /// <summary>The tensor's element count.</summary>
    [Params(64 * 1024, 4 * 1024 * 1024)]
    public int Elements { get; set; }

    /// <summary>A tensor with random values and gradients, its first step taken (which fills the state) and its first
    /// update made (a copy).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        float[] values = new float[Elements], gradients = new float[Elements];
        for (int k = 0; k < Elements; k++)
        {
            values[k] = (float)(random.NextDouble() * 2 - 1);
            gradients[k] = (float)(random.NextDouble() * 0.02 - 0.01);
        }
        _optimizer = new Optimizer<float>(new AdamW(lr: 1e-3), [new Parameter<float>(values, gradients)])
        {
            MaxDegreeOfParallelism = 1,
        };
        _ema = new AveragedParameters<float>(_optimizer, new Ema(decay: 0.999));
        _optimizer.Step();
        _ema.Update();
    }

    /// <summary>The optimizer step alone.</summary>
    [Benchmark(Baseline = true)]
    public void Step() => _optimizer.Step();

    /// <summary>The step, then the EMA update.</summary>
    [Benchmark]
    public void StepThenEma()
    {
        _optimizer.Step();
        _ema.Update();
    }

    /// <summary>The EMA update alone.</summary>
    [Benchmark]
    public void Ema() => _ema.Update();
}
