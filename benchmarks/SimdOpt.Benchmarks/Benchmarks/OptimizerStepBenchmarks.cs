using BenchmarkDotNet.Attributes;
using SimdOpt.Benchmarks.Kernels;
using SimdOpt.Benchmarks.Suite;
using SimdOpt.Benchmarks.Validation;

namespace SimdOpt.Benchmarks.Benchmarks;

/// <summary>
/// Every optimizer, every implementation (<see cref="KernelCase.All"/>), every size, on one thread and on all cores:
/// one operation is one optimizer step over all elements. Each implementation is validated against the generated
/// scalar path before it is measured.
/// </summary>
public class OptimizerStepBenchmarks
{
    private StepRunner _runner = null!;

    /// <summary>The implementation measured.</summary>
    [ParamsSource(nameof(Cases))]
    public KernelCase Case { get; set; } = null!;

    /// <summary>The number of elements.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Size { get; set; }

    /// <summary>Every implementation of every optimizer.</summary>
    public static IEnumerable<KernelCase> Cases => KernelCase.All();

    /// <summary>The sizes of this run.</summary>
    public static IEnumerable<int> Sizes => ElementCounts.Selected;

    /// <summary>Validates the implementation, then allocates and fills the workload.</summary>
    [GlobalSetup]
    public void Setup()
    {
        CaseValidator.Check(Case);
        _runner = new StepRunner(Case.CreateKernel(new Workload(Case.Optimizer.Create(), Size)), Environment.ProcessorCount);
    }

    /// <summary>One step over all elements on the benchmark thread.</summary>
    [Benchmark]
    public void OneThread() => _runner.StepSingleThread();

    /// <summary>One step, split into one chunk of whole vectors per core, applied with Parallel.For.</summary>
    [Benchmark]
    public void AllCores() => _runner.StepAllCores();
}
