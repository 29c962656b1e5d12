using System.Globalization;
using BenchmarkDotNet.Attributes;
using SimdOpt.Optimizers;
using SimdOpt.Training;

namespace SimdOpt.Benchmarks.MultiTensor;

/// <summary>
/// One AdamW step of the training runtime over the same kind of model cut into few large or many small tensors, on
/// one thread and on every core. The runtime's target: many small tensors step within 15% of one tensor of the same
/// total size (compare 1000x1K with 1x1M, and 1000x16K with 1x16M); 100000x64 shows the per-tensor overhead that is left.
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

    private Optimizer<float> _optimizer = null!;

    /// <summary>The model: tensor count x elements per tensor (K = 1024, M = 1024²).</summary>
    [Params("1x16M", "1000x16K", "100000x64", "1x1M", "1000x1K")]
    public string Layout { get; set; } = "1x1M";

    /// <summary>How many threads a step may use.</summary>
    [Params(ThreadCount.One, ThreadCount.AllCores)]
    public ThreadCount Threads { get; set; }

    /// <summary>Allocates the tensors with random values and gradients, and takes the first step (which fills the state).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var (count, length) = Parse(Layout);
        var random = new Random(42);
        var parameters = new Parameter<float>[count];
        for (int i = 0; i < count; i++)
        {
            float[] values = new float[length], gradients = new float[length];
            for (int k = 0; k < length; k++)
            {
                values[k] = (float)(random.NextDouble() * 2 - 1);
                gradients[k] = (float)(random.NextDouble() * 0.02 - 0.01);
            }
            parameters[i] = new Parameter<float>(values, gradients);
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

    // "1000x16K" -> (1000, 16384).
    internal static (int Count, int Length) Parse(string layout)
    {
        string[] parts = layout.Split('x');
        string size = parts[1];
        int unit = size[^1] switch { 'K' => 1 << 10, 'M' => 1 << 20, _ => 1 };
        int number = int.Parse(unit == 1 ? size : size[..^1], CultureInfo.InvariantCulture);
        return (int.Parse(parts[0], CultureInfo.InvariantCulture), number * unit);
    }
}
