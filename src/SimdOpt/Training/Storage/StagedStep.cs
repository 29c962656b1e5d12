using System.Buffers;
using SimdOpt.Kernels;
using SimdOpt.Precision;

namespace SimdOpt.Training;

/// <summary>
/// The step of a tensor in low-precision storage, the same for every optimizer, shipped or declared by a user: block
/// by block, the low-precision buffers are widened into float32 scratch, the optimizer's own float32 kernel runs on
/// the scratch, and the block is narrowed back. A block is small enough that its scratch stays in the core's cache, so
/// memory is read once and written once per step, in its own storage; the widened values never leave the cache.
/// Float32 buffers are read and written in place, and a tensor stored wholly in float32 is stepped with no staging at
/// all, exactly as <see cref="Optimizer{T}"/> steps it.
/// </summary>
/// <remarks>
/// Blocks start at multiples of <see cref="BlockLength"/> inside a work item, and work items at multiples of the
/// deterministic reduction's chunk, so 8-bit blocks never straddle two calls, and stochastic rounding (keyed by the
/// element's index in the tensor) gives the same bits on every path, thread count and split. A reduction pass stages
/// its whole chunk at once, so its partials are those of float32 storage holding the widened values.
/// </remarks>
internal static class StagedStep
{
    /// <summary>The elements staged at once by an elementwise step: a multiple of the 8-bit block
    /// (<see cref="Quantized8Codec.BlockSize"/>). AdamW's scratch for it (p, g, two states) is 16 KiB, so it stays in
    /// the 48 KiB L1 beside the block's float32 buffers walked in place (4096, 64 KiB of scratch, did not).</summary>
    public const int BlockLength = 1024;

    /// <summary>Applies the prepared step to elements [<paramref name="start"/>, <paramref name="start"/> +
    /// <paramref name="length"/>) of <paramref name="tensor"/>: a work item, starting at a multiple of
    /// <see cref="BlockLength"/>.</summary>
    /// <param name="tensor">The tensor.</param>
    /// <param name="start">The first element.</param>
    /// <param name="length">The number of elements.</param>
    /// <param name="totals">The tensor's reductions (empty for an elementwise optimizer).</param>
    /// <param name="path">The code path of the kernel and the conversions.</param>
    public static void Apply(StagedTensor tensor, int start, int length, ReadOnlySpan<double> totals,
        KernelPath path)
    {
        if (tensor.InPlace)
        {
            ApplyKernel(tensor, tensor.Value.Float32.Slice(start, length), tensor.Gradient.Float32.Slice(start, length),
                tensor.StatesOf(start, length), totals, path);
            return;
        }
        if (InRegisterStep.Applies(tensor))
        {
            InRegisterStep.Apply(tensor, start, length, path);
            return;
        }
        int block = Math.Min(BlockLength, length);
        float[] scratch = ArrayPool<float>.Shared.Rent(Math.Max(1, ScratchLength(tensor, block)));
        try
        {
            for (int offset = 0; offset < length; offset += block)
            {
                int n = Math.Min(block, length - offset), at = start + offset;
                var staged = Stage(tensor, at, n, block, scratch, path);
                ApplyKernel(tensor, staged.P, staged.G, staged.State, totals, path);
                Store(tensor, at, n, staged, path);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    /// <summary>Computes reduction pass <paramref name="pass"/> over one chunk of <paramref name="tensor"/> (at most
    /// <c>DeterministicReduction.ChunkLength</c> elements from a multiple of it), staged whole.</summary>
    /// <param name="tensor">The tensor.</param>
    /// <param name="pass">The pass, from 1.</param>
    /// <param name="start">The chunk's first element.</param>
    /// <param name="length">The chunk's length.</param>
    /// <param name="totals">The tensor's totals of the earlier passes.</param>
    /// <param name="partials">Receives the chunk's partials.</param>
    /// <param name="path">The code path.</param>
    public static void Reduce(StagedTensor tensor, int pass, int start, int length, ReadOnlySpan<double> totals,
        Span<double> partials, KernelPath path)
    {
        if (tensor.InPlace)
        {
            tensor.Steps.Reduce(pass, tensor.Value.Float32.Slice(start, length),
                tensor.Gradient.Float32.Slice(start, length), tensor.StatesOf(start, length), tensor.Length, totals,
                partials, path);
            return;
        }
        float[] scratch = ArrayPool<float>.Shared.Rent(Math.Max(1, ScratchLength(tensor, length)));
        try
        {
            var staged = Stage(tensor, start, length, length, scratch, path);
            tensor.Steps.Reduce(pass, staged.P, staged.G, staged.State, tensor.Length, totals, partials, path);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    private static void ApplyKernel(StagedTensor tensor, Span<float> p, ReadOnlySpan<float> g, StateSpans<float> state,
        ReadOnlySpan<double> totals, KernelPath path)
    {
        if (tensor.Steps.ReductionPasses > 0) tensor.Steps.Apply(p, g, state, tensor.Length, totals, path);
        else tensor.Steps.Apply(p, g, state, path);
    }

    // Scratch for the values (unless float32 or a master copy), the gradient (unless float32) and every state buffer
    // (unless all are float32, read in place).
    private static int ScratchLength(StagedTensor tensor, int block) =>
        block * ((tensor.Master is null && tensor.Value.Kind != StorageKind.Float32 ? 1 : 0)
            + (tensor.Gradient.Kind != StorageKind.Float32 ? 1 : 0)
            + (tensor.StatesInPlace ? 0 : tensor.States.Length));

    /// <summary>The float32 views of one block: in place where float32, else widened into the scratch.</summary>
    private readonly ref struct Staged(Span<float> p, ReadOnlySpan<float> g, StateSpans<float> state)
    {
        public Span<float> P { get; } = p;

        public ReadOnlySpan<float> G { get; } = g;

        public StateSpans<float> State { get; } = state;
    }

    private static Staged Stage(StagedTensor tensor, int at, int n, int block, float[] scratch, KernelPath path)
    {
        var free = scratch.AsSpan();
        Span<float> p;
        if (tensor.Master is { } master) p = master.AsSpan(at, n);
        else if (tensor.Value.Kind == StorageKind.Float32) p = tensor.Value.Float32.Slice(at, n);
        else
        {
            p = free[..n];
            free = free[block..];
            tensor.Value.Widen(at, p, path);
        }
        ReadOnlySpan<float> g;
        if (tensor.Gradient.Kind == StorageKind.Float32) g = tensor.Gradient.Float32.Slice(at, n);
        else
        {
            var widened = free[..n];
            free = free[block..];
            tensor.Gradient.Widen(at, widened, path);
            g = widened;
        }
        if (tensor.StatesInPlace) return new Staged(p, g, tensor.StatesOf(at, n));
        var states = tensor.States;
        var state = new StateSpans<float>(free, states.Length, block, 0, n);
        // The step that creates the state fills the scratch with the initial values itself; a buffer the step does not
        // use (AdamW's max_exp_avg_sq without amsgrad) is neither read nor written.
        if (!tensor.Steps.CreatesState)
            for (int k = 0; k < states.Length; k++)
                if (tensor.Steps.Hyperparameters.IsStateActive(k)) states[k].Widen(at, state[k], path);
        return new Staged(p, g, state);
    }

    private static void Store(StagedTensor tensor, int at, int n, Staged staged, KernelPath path)
    {
        if (tensor.RoundsStochastically)
            tensor.Value.NarrowStochastic(staged.P, at, tensor.Seed, tensor.Steps.StepCount + 1, path);
        else if (tensor.Value.Kind != StorageKind.Float32) tensor.Value.Narrow(staged.P, at, path);
        if (tensor.StatesInPlace) return;
        var states = tensor.States;
        // The step that creates the state stores every buffer's initial value, as Optimizer<float> holds it (an absent
        // buffer records it instead: LowPrecisionOptimizer.States.cs).
        bool creates = tensor.Steps.CreatesState;
        for (int k = 0; k < states.Length; k++)
            if (!tensor.IsAbsent(k) && (creates || tensor.Steps.Hyperparameters.IsStateActive(k)))
                states[k].Narrow(staged.State[k], at, path);
    }
}
