using BenchmarkDotNet.Attributes;
using SimdOpt.Averaging;
using SimdOpt.Benchmarks.Suite;
using SimdOpt.Optimizers;
using SimdOpt.Training;

namespace SimdOpt.Benchmarks.Averaging;

/// <summary>
/// What an EMA of the parameters costs beside the AdamW step of the training runtime it follows, as a pass of its own
/// (<c>AveragedParameters.Update()</c> after <c>Optimizer.Step()</c>) and fused into the step's pass
/// (<c>Optimizer.Attach</c>), on one tensor of 256K floats (L2 and L3) and 16M (main memory), on one thread and on
/// every core. Out of cache the fused step saves the parameter's second read: 36 bytes per element instead of 40.
/// </summary>
public class AveragingBenchmarks
{
    private Optimizer<float> _optimizer = null!;
    private AveragedParameters<float> _ema = null!;

    /// <summary>How the step and the average are run.</summary>
    [ParamsSource(nameof(Cases))]
    public AveragingCase Case { get; set; } = null!;

    /// <summary>The tensor's element count.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Size { get; set; }

    /// <summary>Every case.</summary>
    public static IEnumerable<AveragingCase> Cases => AveragingCase.All();

    /// <summary>256K and 16M elements, unless <see cref="ElementCounts.Variable"/> names the sizes (a dry
    /// run).</summary>
    public static IEnumerable<int> Sizes => Environment.GetEnvironmentVariable(ElementCounts.Variable) is null
        ? [1 << 18, 1 << 24]
        : ElementCounts.Selected;

    /// <summary>The optimizer of <see cref="OneThread"/>.</summary>
    [GlobalSetup(Target = nameof(OneThread))]
    public void SetupOneThread() => Setup(threads: 1);

    /// <summary>The optimizer of <see cref="AllCores"/>.</summary>
    [GlobalSetup(Target = nameof(AllCores))]
    public void SetupAllCores() => Setup(Environment.ProcessorCount);

    /// <summary>The case on the benchmark thread.</summary>
    [Benchmark]
    public void OneThread() => Run();

    /// <summary>The case with the optimizer on every core (its default; a separate <c>Update()</c> runs on the calling
    /// thread).</summary>
    [Benchmark]
    public void AllCores() => Run();

    // A tensor with random values and gradients, stepped once (which fills the state) and averaged once (a copy); the
    // average attached for the fused case.
    private void Setup(int threads)
    {
        var random = new Random(42);
        float[] values = new float[Size], gradients = new float[Size];
        for (int k = 0; k < Size; k++)
        {
            values[k] = (float)(random.NextDouble() * 2 - 1);
            gradients[k] = (float)(random.NextDouble() * 0.02 - 0.01);
        }
        _optimizer = new Optimizer<float>(new AdamW(lr: 1e-3), [new Parameter<float>(values, gradients)])
        {
            MaxDegreeOfParallelism = threads,
        };
        _ema = new AveragedParameters<float>(_optimizer, new Ema(decay: 0.999));
        _optimizer.Step();
        _ema.Update();
        if (Case.Run == AveragingCase.Kind.FusedStep) _optimizer.Attach(_ema);
    }

    private void Run()
    {
        switch (Case.Run)
        {
            case AveragingCase.Kind.StepAlone:
            case AveragingCase.Kind.FusedStep:
                _optimizer.Step();
                break;
            case AveragingCase.Kind.StepThenUpdate:
                _optimizer.Step();
                _ema.Update();
                break;
            case AveragingCase.Kind.UpdateAlone:
                _ema.Update();
                break;
        }
    }
}
