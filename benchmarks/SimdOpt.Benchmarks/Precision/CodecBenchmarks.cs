using BenchmarkDotNet.Attributes;
using SimdOpt.Benchmarks.Suite;

namespace SimdOpt.Benchmarks.Precision;

/// <summary>
/// The low-precision codecs (issue 15) per path, one thread: bf16 and fp16 widen/narrow, bf16 stochastic rounding and
/// 8-bit quantize/dequantize, with the float32 copy as the memory ceiling in the same run. At 64 K elements (in L2:
/// the conversion's own speed) and 16 M (main memory: what a low-precision step pays), unless
/// <see cref="ElementCounts.Variable"/> names other sizes. Run with <c>--filter '*CodecBenchmarks*'</c>.
/// </summary>
public class CodecBenchmarks
{
    private Action _convert = null!;

    /// <summary>The conversion and its path.</summary>
    [ParamsSource(nameof(Cases))]
    public CodecCase Case { get; set; } = null!;

    /// <summary>The number of elements.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Size { get; set; }

    /// <summary>Every conversion on every accelerated path.</summary>
    public static IEnumerable<CodecCase> Cases => CodecCase.All();

    /// <summary>64 K and 16 M elements, or the sizes <see cref="ElementCounts.Variable"/> names.</summary>
    public static IEnumerable<int> Sizes =>
        Environment.GetEnvironmentVariable(ElementCounts.Variable) is null
            ? [1 << 16, 1 << 24]
            : ElementCounts.Selected;

    /// <summary>Allocates and fills the arrays.</summary>
    [GlobalSetup]
    public void Setup() => _convert = Case.Create(Size);

    /// <summary>One conversion of every element.</summary>
    [Benchmark]
    public void Convert() => _convert();
}
