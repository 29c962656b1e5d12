using BenchmarkDotNet.Attributes;
using SimdOpt.Benchmarks.Kernels;
using SimdOpt.Benchmarks.Suite;
using SimdOpt.Benchmarks.Validation;

namespace SimdOpt.Benchmarks.Benchmarks;

/// <summary>
/// Issue 2's speed criterion, side by side on one thread: <c>AdamW.Step</c> (the dispatching kernel as users call it)
/// against the hand-written Vector512 loop, with <c>AdamW.Step</c> on the scalar path as the reference. The generated
/// kernel must be at least as fast as the hand-written loop at every size.
/// </summary>
public class AdamWHeadlineBenchmarks
{
    private StepRunner _runner = null!;

    /// <summary>The implementation measured.</summary>
    [ParamsSource(nameof(Cases))]
    public KernelCase Case { get; set; } = null!;

    /// <summary>The number of elements.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Size { get; set; }

    /// <summary>AdamW.Step, the hand-written Vector512 loop, AdamW.Step on the scalar path.</summary>
    public static IEnumerable<KernelCase> Cases => KernelCase.AdamWHeadline();

    /// <summary>The sizes of this run.</summary>
    public static IEnumerable<int> Sizes => ElementCounts.Selected;

    /// <summary>Validates the implementation, then allocates and fills the workload.</summary>
    [GlobalSetup]
    public void Setup()
    {
        CaseValidator.Check(Case);
        _runner = new StepRunner(Case.CreateKernel(new Workload(Case.Optimizer.Create(), Size)), 1);
    }

    /// <summary>One AdamW step over all elements.</summary>
    [Benchmark]
    public void OneThread() => _runner.StepSingleThread();
}
