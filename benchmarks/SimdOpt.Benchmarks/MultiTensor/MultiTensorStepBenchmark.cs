using System.Globalization;
using BenchmarkDotNet.Attributes;
using SimdOpt.Optimizers;
using SimdOpt.Training;

namespace SimdOpt.Benchmarks.MultiTensor;

/// <summary>
/// One AdamW step of the training runtime over the same kind of model cut into few large or many small tensors, on
/// one thread and on every core. The runtime's target: many small tensors step within 15% of one tensor of the same
/// total size (compare 1000x1K with 1x1M, and 1000x16K with 1x16M); 100000x64 shows the per-tensor overhead that is
/// left. Each tensor's values and gradients are arrays of their own, as a model's usually are; the layouts marked
/// <see cref="OneBuffer"/> cut them from one <see cref="ParameterBuffer{T}"/> instead, which the runtime steps as one
/// span, and which separates what the runtime costs per tensor from what scattering the memory costs.
/// </summary>
[MemoryDiagnoser]
public class MultiTensorStepBenchmark
{
    /// <summary>The thread counts measured.</summary>
    public enum ThreadCount
    {
        /// <summary>The calling thread only.</summary>
        One,

        /// <summary>Every core (the optimizer's default).</summary>
        AllCores,
    }

    /// <summary>The suffix of a layout whose tensors are the slices of one <see cref="ParameterBuffer{T}"/>.</summary>
    public const string OneBuffer = " in one buffer";

    private Optimizer<float> _optimizer = null!;

    /// <summary>The model: tensor count x elements per tensor (K = 1024, M = 1024²).</summary>
    [Params("1x16M", "1000x16K", "100000x64", "1x1M", "1000x1K", "1000x1K" + OneBuffer)]
    public string Layout { get; set; } = "1x1M";

    /// <summary>How many threads a step may use.</summary>
    [Params(ThreadCount.One, ThreadCount.AllCores)]
    public ThreadCount Threads { get; set; }

    /// <summary>Allocates the tensors with random values and gradients, and takes the first step (which fills the
    /// state).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var (count, length) = Parse(Layout);
        var random = new Random(42);
        IReadOnlyList<Parameter<float>> parameters = Layout.EndsWith(OneBuffer, StringComparison.Ordinal)
            ? new ParameterBuffer<float>(Enumerable.Repeat(length, count)).Parameters
            : [.. Enumerable.Range(0, count).Select(_ => new Parameter<float>(new float[length], new float[length]))];
        foreach (var parameter in parameters)
        {
            Span<float> values = parameter.Value.Span, gradients = parameter.Gradient.Span;
            for (int k = 0; k < values.Length; k++)
            {
                values[k] = (float)(random.NextDouble() * 2 - 1);
                gradients[k] = (float)(random.NextDouble() * 0.02 - 0.01);
            }
        }
        _optimizer = new Optimizer<float>(new AdamW(lr: 1e-3), parameters)
        {
            MaxDegreeOfParallelism = Threads == ThreadCount.One ? 1 : Environment.ProcessorCount,
        };
        _optimizer.Step();
    }

    /// <summary>One step of every tensor.</summary>
    [Benchmark]
    public void Step() => _optimizer.Step();

    // "1000x16K" -> (1000, 16384); "1000x1K in one buffer" -> (1000, 1024).
    internal static (int Count, int Length) Parse(string layout)
    {
        string[] parts = layout.Replace(OneBuffer, "", StringComparison.Ordinal).Split('x');
        string size = parts[1];
        int unit = size[^1] switch { 'K' => 1 << 10, 'M' => 1 << 20, _ => 1 };
        int number = int.Parse(unit == 1 ? size : size[..^1], CultureInfo.InvariantCulture);
        return (int.Parse(parts[0], CultureInfo.InvariantCulture), number * unit);
    }
}
