using BenchmarkDotNet.Attributes;
using SimdOpt.Benchmarks.Baselines.Adam;
using SimdOpt.Benchmarks.Kernels;
using SimdOpt.Benchmarks.Suite;
using SimdOpt.Benchmarks.Validation;
using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Training;

namespace SimdOpt.Benchmarks.Benchmarks;

/// <summary>
/// Issue 13's per-call criterion, side by side in one run: one AdamW step (float, one thread) through every entry point
/// a user has — the static <c>AdamW.Step</c>, a <see cref="StepPlan{T}"/>'s Prepare + Apply,
/// <see cref="OptimizerState{T}"/> and <see cref="Optimizer{T}"/> with one tensor — against the hand-written Vector512
/// loop with FMA and MathF.Pow (<see cref="AdamWHandWrittenVector512Fma"/>, the ratio's baseline) and the suite's
/// hand-written Vector512 and Vector256 loops, from 64 elements, where the fixed cost of a call dominates, to 16M,
/// where memory does. Every entry point must be at least as fast as the baseline from 1K up, and cost at most 30 ns
/// more per call at any size.
/// </summary>
public class PerCallBenchmarks
{
    private StepKernel _hand = null!;
    private AdamW _adamw = null!;
    private ArraySegment<float> _p, _g, _block;
    private int _stride;
    private StepPlan<float> _plan = null!;
    private OptimizerState<float> _state = null!;
    private Optimizer<float> _optimizer = null!;
    private long _t;

    /// <summary>The number of elements of the one tensor.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Size { get; set; }

    /// <summary>64, 256, 1K, 4K, 16K, 256K, 4M and 16M elements, unless <see cref="ElementCounts.Variable"/> names
    /// others.</summary>
    public static IEnumerable<int> Sizes =>
        string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ElementCounts.Variable))
            ? [64, 256, 1 << 10, 1 << 12, 1 << 14, 1 << 18, 1 << 22, 1 << 24]
            : ElementCounts.Selected;

    /// <summary>Validates the FMA loop against the generated scalar path, then allocates it.</summary>
    [GlobalSetup(Target = nameof(HandWrittenVector512Fma))]
    public void SetupVector512Fma() =>
        _hand = HandWritten(new KernelCase(OptimizerCases.Get("adamw"), "Vector512 FMA by hand", w => new AdamWHandWrittenVector512Fma(w), generated: false));

    /// <summary>Validates the suite's hand-written Vector512 loop, then allocates it.</summary>
    [GlobalSetup(Target = nameof(HandWrittenVector512))]
    public void SetupVector512() => _hand = HandWritten(Headline("Vector512 by hand"));

    /// <summary>Validates the hand-written Vector256 loop, then allocates it.</summary>
    [GlobalSetup(Target = nameof(HandWrittenVector256))]
    public void SetupVector256() => _hand = HandWritten(Headline("Vector256 by hand"));

    /// <summary>Allocates the arrays of the static Step.</summary>
    [GlobalSetup(Target = nameof(StaticStep))]
    public void SetupStaticStep() => Allocate();

    /// <summary>Allocates the arrays and the plan.</summary>
    [GlobalSetup(Target = nameof(PlanPrepareApply))]
    public void SetupPlan()
    {
        Allocate();
        _plan = _adamw.CreatePlan<float>();
    }

    /// <summary>Allocates the parameters and the optimizer state.</summary>
    [GlobalSetup(Target = nameof(OptimizerStateStep))]
    public void SetupOptimizerState()
    {
        Allocate();
        _state = new OptimizerState<float>(_adamw, Size);
    }

    /// <summary>Allocates the training runtime's optimizer with one parameter tensor.</summary>
    [GlobalSetup(Target = nameof(OptimizerStep))]
    public void SetupOptimizer()
    {
        Allocate();
        _optimizer = new Optimizer<float>(_adamw, [new Parameter<float>(_p, _g)]);
    }

    /// <summary>The hand-written Vector512 loop with FMA, bias corrections by MathF.Pow: the ratio's
    /// baseline.</summary>
    [Benchmark(Baseline = true)]
    public void HandWrittenVector512Fma() => StepHandWritten();

    /// <summary>The suite's hand-written Vector512 loop (no FMA, four vectors per iteration, bias corrections in
    /// double).</summary>
    [Benchmark]
    public void HandWrittenVector512() => StepHandWritten();

    /// <summary>The hand-written Vector256 loop, the fair rival where there is no AVX-512.</summary>
    [Benchmark]
    public void HandWrittenVector256() => StepHandWritten();

    /// <summary>The generated static <c>AdamW.Step</c>, with every argument check.</summary>
    [Benchmark]
    public void StaticStep() =>
        AdamW.Step(_adamw, ++_t, _p, _g, _block.AsSpan(0, Size), _block.AsSpan(_stride, Size), default);

    /// <summary>The generated plan: <see cref="StepPlan{T}.Prepare(long, Span{double})"/>, then
    /// <see cref="StepPlan{T}.Apply(Span{T}, ReadOnlySpan{T}, StateSpans{T}, KernelPath)"/> over the whole
    /// tensor.</summary>
    [Benchmark]
    public void PlanPrepareApply()
    {
        _plan.Prepare(++_t, default);
        _plan.Apply(_p, _g, new StateSpans<float>(_block, 3, _stride, 0, Size));
    }

    /// <summary><see cref="OptimizerState{T}.Step(Span{T}, ReadOnlySpan{T}, KernelPath)"/>: the plan behind a state that owns its buffers and step
    /// count.</summary>
    [Benchmark]
    public void OptimizerStateStep() => _state.Step(_p, _g);

    /// <summary>The training runtime's <see cref="Optimizer.Step()"/> with one tensor in one group.</summary>
    [Benchmark]
    public void OptimizerStep() => _optimizer.Step();

    private void StepHandWritten()
    {
        _hand.Prepare(++_t);
        _hand.Apply(0, Size);
    }

    private static KernelCase Headline(string label) => KernelCase.AdamWHeadline().Single(c => c.Label == label);

    private StepKernel HandWritten(KernelCase handWritten)
    {
        CaseValidator.Check(handWritten);
        return handWritten.CreateKernel(new Workload(handWritten.Optimizer.Create(), Size));
    }

    // The workload's values, so every row steps the same numbers; the state buffers start at their initial value, 0.
    // Aligned as the workload's and the library's own memory is, so every row sees the same placement.
    private void Allocate()
    {
        _adamw = (AdamW)OptimizerCases.Get("adamw").Create();
        var workload = new Workload(_adamw, Size);
        (_p, _g) = (workload.Parameters, workload.Gradients);
        _block = AlignedMemory.AllocateBlock<float>(Size, 3, out _stride);
    }
}
