using BenchmarkDotNet.Attributes;
using SimdOpt.Benchmarks.Kernels;
using SimdOpt.Benchmarks.Suite;
using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Precision;
using SimdOpt.Training;

namespace SimdOpt.Benchmarks.Storage;

/// <summary>
/// Issue 15's comparison: one AdamW step of <see cref="LowPrecisionOptimizer"/> at 16M elements (out of cache), one
/// thread and every core, with the state in float32, bfloat16 and 8 bits, and everything (parameters, gradients,
/// states) in bfloat16; each beside the memory-bandwidth ceiling of its own byte count
/// (<see cref="ByteTrafficKernel"/>), in the same run. Targets against fp32: bf16 states 1.3x, q8 states 1.5x, bf16
/// everything 1.8x. <c>dotnet run -c Release --project benchmarks/SimdOpt.Benchmarks -- --filter '*StorageStep*'</c>.
/// </summary>
public class StorageStepBenchmarks
{
    /// <summary>What a step keeps in which storage.</summary>
    public enum StorageCase
    {
        /// <summary>Everything float32: 28 bytes per element.</summary>
        Fp32,

        /// <summary>The two moments in bfloat16: 20 bytes per element.</summary>
        Bf16States,

        /// <summary>The two moments in 8 bits with a scale per 256: 16.06 bytes per element.</summary>
        Q8States,

        /// <summary>Parameters, gradients and moments in bfloat16: 14 bytes per element.</summary>
        Bf16All,
    }

    /// <summary>The thread counts measured.</summary>
    public enum ThreadCount
    {
        /// <summary>The calling thread only.</summary>
        One,

        /// <summary>Every core.</summary>
        AllCores,
    }

    private LowPrecisionOptimizer _optimizer = null!;
    private StepRunner _ceiling = null!;

    /// <summary>The storage.</summary>
    [Params(StorageCase.Fp32, StorageCase.Bf16States, StorageCase.Q8States, StorageCase.Bf16All)]
    public StorageCase Storage { get; set; }

    /// <summary>How many threads a step may use.</summary>
    [Params(ThreadCount.One, ThreadCount.AllCores)]
    public ThreadCount Threads { get; set; }

    /// <summary>16M elements, unless <see cref="ElementCounts.Variable"/> narrows the run (the dry run).</summary>
    [ParamsSource(nameof(Sizes))]
    public int Size { get; set; }

    /// <summary>The sizes of this run.</summary>
    public static IEnumerable<int> Sizes =>
        Environment.GetEnvironmentVariable(ElementCounts.Variable) is null ? [1 << 24] : ElementCounts.Selected;

    /// <summary>Allocates the tensor in its storage, takes the first step (which fills the state) and builds the
    /// ceiling's streams.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var (values, gradients, states) = Storage switch
        {
            StorageCase.Fp32 => (StorageKind.Float32, StorageKind.Float32, StorageKind.Float32),
            StorageCase.Bf16States => (StorageKind.Float32, StorageKind.Float32, StorageKind.BFloat16),
            StorageCase.Q8States => (StorageKind.Float32, StorageKind.Float32, StorageKind.Quantized8),
            _ => (StorageKind.BFloat16, StorageKind.BFloat16, StorageKind.BFloat16),
        };
        var random = new Random(42);
        var p = new float[Size];
        var g = new float[Size];
        for (int i = 0; i < Size; i++)
        {
            p[i] = (float)(random.NextDouble() * 2 - 1);
            g[i] = (float)(random.NextDouble() * 0.02 - 0.01);
        }
        _optimizer = new LowPrecisionOptimizer(new AdamW(lr: 1e-3), new StorageOptions
        {
            States = states,
            Codes = new Dictionary<string, Quantized8Code> { ["exp_avg_sq"] = Quantized8Code.UnsignedDynamic },
        })
        {
            MaxDegreeOfParallelism = Threads == ThreadCount.One ? 1 : Environment.ProcessorCount,
        };
        _optimizer.AddGroup([new StoredParameter(Tensor(values, p), Tensor(gradients, g))]);
        _optimizer.Step();
        int Bytes(StorageKind kind) => kind == StorageKind.Float32 ? 4 : kind == StorageKind.Quantized8 ? 1 : 2;
        _ceiling = new StepRunner(new ByteTrafficKernel(Size,
            [(Bytes(values), true), (Bytes(gradients), false), (Bytes(states), true), (Bytes(states), true)]),
            Environment.ProcessorCount);
    }

    /// <summary>One AdamW step of the tensor.</summary>
    [Benchmark]
    public void Step() => _optimizer.Step();

    /// <summary>One pass of the bandwidth ceiling over the same bytes.</summary>
    [Benchmark]
    public void Ceiling()
    {
        if (Threads == ThreadCount.One) _ceiling.StepSingleThread();
        else _ceiling.StepAllCores();
    }

    // In AlignedMemory, as ParameterBuffer holds a model: aligned, and each tensor at its own offset in its page.
    private static StoredTensor Tensor(StorageKind kind, float[] values)
    {
        if (kind == StorageKind.Float32)
        {
            var copy = AlignedMemory.Allocate<float>(values.Length);
            values.CopyTo(copy.AsSpan());
            return copy.AsMemory();
        }
        var narrowed = AlignedMemory.Allocate<BFloat16>(values.Length);
        BFloat16Codec.Narrow(values, narrowed);
        return narrowed.AsMemory();
    }
}
