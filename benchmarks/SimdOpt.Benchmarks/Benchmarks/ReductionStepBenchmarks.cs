using BenchmarkDotNet.Attributes;
using SimdOpt.Benchmarks.Kernels;
using SimdOpt.Benchmarks.Suite;

namespace SimdOpt.Benchmarks.Benchmarks;

/// <summary>
/// Issue 14's optimizers with reductions (<see cref="ReductionCase.All"/>): one step over the whole tensor on one
/// thread, the generated step against its own scalar path and against a TensorPrimitives composition of the same
/// math. Read at 16M against <see cref="MemoryBandwidthBenchmarks"/> of the same run: the ceiling of a step is its
/// bytes per element (all passes) at triad's bandwidth. Each implementation is validated before it is measured.
/// </summary>
public class ReductionStepBenchmarks
{
    private StepRunner _runner = null!;

    /// <summary>The implementation measured.</summary>
    [ParamsSource(nameof(Cases))]
    public ReductionCase Case { get; set; } = null!;

    /// <summary>The number of elements.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Size { get; set; }

    /// <summary>Every implementation of every optimizer with reductions.</summary>
    public static IEnumerable<ReductionCase> Cases => ReductionCase.All();

    /// <summary>The sizes of this run.</summary>
    public static IEnumerable<int> Sizes => ElementCounts.Selected;

    /// <summary>Validates the implementation, then allocates and fills the workload.</summary>
    [GlobalSetup]
    public void Setup()
    {
        Case.Validate();
        _runner = new StepRunner(Case.CreateKernel(new Workload(Case.Create(), Size)), 1);
    }

    /// <summary>One step over all elements on the benchmark thread.</summary>
    [Benchmark]
    public void OneThread() => _runner.StepSingleThread();
}
