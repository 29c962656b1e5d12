using System.Buffers;
using System.Runtime.InteropServices;
using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training;

/// <summary>
/// A reduction pass whose results the flags and hyperparameters leave unused is not taken: the plan says which passes
/// a step needs, the training runtime reads the tensors only in those, and the step's bits are those of a step that
/// takes every pass (which the chunk tests and the golden cases hold).
/// </summary>
public sealed class UnneededPassTests
{
    public static TheoryData<string, OptimizerHyperparameters, long, int[]> Settings() => new()
    {
        // LAMB: the gradient norm clips (pass 1); ||p|| and ||update|| (pass 2) make the trust ratio.
        { "lamb defaults", new Lamb(), 1, [1, 2] },
        { "lamb without clipping", new Lamb(maxGradNorm: 0), 1, [2] },
        { "lamb without weight decay", new Lamb(weightDecay: 0), 1, [1] },
        { "lamb without weight decay, always adapting", new Lamb(weightDecay: 0, alwaysAdapt: true), 1, [1, 2] },
        { "lamb always adapting, without clipping", new Lamb(maxGradNorm: 0, alwaysAdapt: true), 1, [2] },
        { "lamb without weight decay or clipping", new Lamb(weightDecay: 0, maxGradNorm: 0), 1, [] },
        // LARS applies its trust ratio only with weight decay or always_adapt; its default has neither.
        { "lars defaults", new Lars(), 1, [] },
        { "lars with weight decay", new Lars(weightDecay: 1e-4), 1, [1] },
        { "lars always adapting", new Lars(alwaysAdapt: true), 3, [1] },
        // MARS clips its correction only with optimize_1d, and only after the first step.
        { "mars defaults", new Mars(), 5, [] },
        { "mars optimize_1d, step 1", new Mars(optimize1d: true), 1, [] },
        { "mars optimize_1d, step 2", new Mars(optimize1d: true), 2, [1] },
        // StableAdamW and Cautious AdamW read their reductions on every step.
        { "stableadamw", new StableAdamW(), 1, [1] },
        { "cadamw", new CautiousAdamW(), 1, [1] },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void The_plan_needs_exactly_the_passes_whose_results_the_step_reads(string setting,
        OptimizerHyperparameters hyperparameters, long step, int[] needed)
    {
        var steps = new StepProtocol<float>(hyperparameters);
        steps.Restore(step - 1, 0, []);
        steps.Prepare();
        var actual = Enumerable.Range(1, steps.ReductionPasses).Where(steps.NeedsPass).ToArray();
        Assert.True(needed.SequenceEqual(actual), $"{setting}: needs passes [{string.Join(", ", actual)}]");
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void The_runtime_reads_the_gradient_once_per_needed_pass_and_once_to_step(string setting,
        OptimizerHyperparameters hyperparameters, long step, int[] needed)
    {
        var (values, gradient) = Tensor();
        var optimizer = new Optimizer<float>(hyperparameters, [new Parameter<float>(values, gradient.Memory)]);
        AssertGradientReads(setting, optimizer, step, gradient, needed.Length + 1);
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void LowPrecisionOptimizer_reads_the_gradient_once_per_needed_pass_and_once_to_step(string setting,
        OptimizerHyperparameters hyperparameters, long step, int[] needed)
    {
        var (values, gradient) = Tensor();
        var optimizer = new LowPrecisionOptimizer(hyperparameters);
        optimizer.AddGroup([new StoredParameter(values, gradient.Memory)]);
        AssertGradientReads(setting, optimizer, step, gradient, needed.Length + 1);
    }

    private static (float[] Values, CountingMemory Gradient) Tensor()
    {
        const int length = 1000;
        var random = new Random(7);
        var gradient = new CountingMemory(Enumerable.Range(0, length).Select(_ => random.NextSingle() - 0.5f)
            .ToArray());
        return (Enumerable.Range(0, length).Select(_ => random.NextSingle()).ToArray(), gradient);
    }

    // One tensor of one work item, float32 in place: each pass taken reads the gradient's memory once, as the step
    // itself does.
    private static void AssertGradientReads(string setting, Optimizer optimizer, long step, CountingMemory gradient,
        int expected)
    {
        optimizer.Groups[0].Steps.Restore(step - 1, 0, []);
        gradient.Reads = 0;
        optimizer.Step();
        Assert.True(expected == gradient.Reads, $"{setting}: {gradient.Reads} reads of the gradient");
    }

    // Counts how often the runtime takes a span of the memory: once per pass over it.
    private sealed class CountingMemory(float[] values) : MemoryManager<float>
    {
        public int Reads { get; set; }

        public override Span<float> GetSpan()
        {
            Reads++;
            return values;
        }

        // The runtime pins the memory once, to compare addresses when the tensor is registered.
        public override unsafe MemoryHandle Pin(int elementIndex = 0)
        {
            var handle = GCHandle.Alloc(values, GCHandleType.Pinned);
            return new MemoryHandle((float*)handle.AddrOfPinnedObject() + elementIndex, handle);
        }

        public override void Unpin() { }

        protected override void Dispose(bool disposing) { }
    }
}
