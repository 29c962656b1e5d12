using BenchmarkDotNet.Attributes;
using SimdOpt.Benchmarks.Kernels;
using SimdOpt.Benchmarks.Suite;

namespace SimdOpt.Benchmarks.Benchmarks;

/// <summary>
/// The arithmetic ceiling: square roots and quotients per element at the suite's in-cache sizes (up to 16K elements),
/// one thread — what bounds Adam-like steps where memory does not.
/// </summary>
public class ArithmeticCeilingBenchmarks
{
    /// <summary>The largest size measured: three arrays of 16K floats fit in L2.</summary>
    public const int LargestInCache = 1 << 14;

    private StepRunner _runner = null!;

    /// <summary>The operation per element.</summary>
    [ParamsSource(nameof(Cases))]
    public ArithmeticCase Case { get; set; } = null!;

    /// <summary>The number of elements.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Size { get; set; }

    /// <summary>sqrt(a), c/a, c/sqrt(a) and sqrt(c)/sqrt(a).</summary>
    public static IEnumerable<ArithmeticCase> Cases => ArithmeticCase.All();

    /// <summary>The sizes of this run that fit in cache, or the smallest one if none does.</summary>
    public static IEnumerable<int> Sizes =>
        ElementCounts.Selected.Where(s => s <= LargestInCache).DefaultIfEmpty(ElementCounts.Selected.Min());

    /// <summary>Allocates and fills the arrays.</summary>
    [GlobalSetup]
    public void Setup() => _runner = new StepRunner(Case.CreateKernel(Size), 1);

    /// <summary>One pass over all elements on the benchmark thread.</summary>
    [Benchmark]
    public void OneThread() => _runner.StepSingleThread();
}
