using BenchmarkDotNet.Attributes;
using SimdOpt.Benchmarks.Kernels;
using SimdOpt.Benchmarks.Suite;

namespace SimdOpt.Benchmarks.Benchmarks;

/// <summary>The memory-bandwidth ceiling in the same run: STREAM-style copy and triad at the suite's sizes, on one
/// thread and on all cores.</summary>
public class MemoryBandwidthBenchmarks
{
    private StepRunner _runner = null!;

    /// <summary>copy or triad.</summary>
    [ParamsSource(nameof(Cases))]
    public BandwidthCase Case { get; set; } = null!;

    /// <summary>The number of elements.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Size { get; set; }

    /// <summary>copy and triad.</summary>
    public static IEnumerable<BandwidthCase> Cases => BandwidthCase.All();

    /// <summary>The sizes of this run.</summary>
    public static IEnumerable<int> Sizes => ElementCounts.Selected;

    /// <summary>Allocates and fills the arrays.</summary>
    [GlobalSetup]
    public void Setup() => _runner = new StepRunner(Case.CreateKernel(Size), Environment.ProcessorCount);

    /// <summary>One pass over all elements on the benchmark thread.</summary>
    [Benchmark]
    public void OneThread() => _runner.StepSingleThread();

    /// <summary>One pass split into one chunk per core.</summary>
    [Benchmark]
    public void AllCores() => _runner.StepAllCores();
}
