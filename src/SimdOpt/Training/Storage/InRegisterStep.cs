using SimdOpt.Kernels;
using SimdOpt.Kernels.Internal;
using SimdOpt.Precision;

namespace SimdOpt.Training;

/// <summary>
/// The step of a tensor in bfloat16 and float32 storage, in registers: the optimizer's generated loops, specialised
/// for the storage of its parameters, of its gradients and of its state buffers (<see cref="IElementStorage"/>), load
/// and widen each element, update it and narrow it back in one pass, so memory moves only the stored bytes and nothing
/// is staged. The conversions are the staged step's (the same integer operations), and the arithmetic is the same
/// loop body, so both give the same bits; <see cref="StagedStep"/> remains for what this step cannot do.
/// </summary>
/// <remarks>
/// Staged instead: float16 (see <see cref="IElementStorage"/>), 8-bit states (a block is requantized from its new
/// absmax, known only once the block is computed), a float32 master copy or stochastic rounding (a second output of
/// p), state buffers in different storages, the step that creates the state (it starts from the float32 initial
/// values, not their rounding), optimizers with reductions or inputs (read in chunks, or with no storage of their
/// own).
/// </remarks>
internal static class InRegisterStep
{
    /// <summary>Whether the prepared step of <paramref name="tensor"/> runs in registers.</summary>
    public static bool Applies(StagedTensor tensor) => tensor.InRegister && !tensor.Steps.CreatesState;

    /// <summary>Whether <paramref name="tensor"/>'s storages and optimizer allow the in-register step at all (a
    /// constant of the tensor).</summary>
    public static bool Allows(StagedTensor tensor)
    {
        if (tensor.Master is not null || tensor.RoundsStochastically || !tensor.Steps.AppliesStored) return false;
        if (!InRegisters(tensor.Value.Kind) || !InRegisters(tensor.Gradient.Kind)) return false;
        var kind = StateKind(tensor);
        return InRegisters(kind) && tensor.States.All(state => state.Kind == kind);
    }

    /// <summary>Applies the prepared step to elements [<paramref name="start"/>, <paramref name="start"/> +
    /// <paramref name="length"/>) of <paramref name="tensor"/> (<see cref="Applies"/>).</summary>
    public static unsafe void Apply(StagedTensor tensor, int start, int length, KernelPath path)
    {
        var states = tensor.States;
        using var value = tensor.Value.Pin();
        using var gradient = tensor.Gradient.Pin();
        Span<nint> addresses = stackalloc nint[states.Length];
        // On the stack for up to eight buffers (every shipped optimizer), so a step allocates nothing.
        var inline = default(Handles);
        Span<System.Buffers.MemoryHandle> handles = states.Length <= Handles.Count
            ? inline : new System.Buffers.MemoryHandle[states.Length];
        try
        {
            for (int k = 0; k < states.Length; k++)
            {
                // An unused buffer (absent, or inactive under the flags) is never touched: no address.
                if (tensor.IsAbsent(k) || !tensor.Steps.Hyperparameters.IsStateActive(k)) continue;
                handles[k] = states[k].Pin();
                addresses[k] = At(handles[k], start, states[k].ElementSize);
            }
            var call = new Call(tensor.Steps, At(value, start, tensor.Value.ElementSize),
                At(gradient, start, tensor.Gradient.ElementSize), length, path);
            call.WithValue(tensor.Value.Kind, tensor.Gradient.Kind, StateKind(tensor), addresses);
        }
        finally
        {
            foreach (var handle in handles) handle.Dispose();
        }
    }

    [System.Runtime.CompilerServices.InlineArray(Count)]
    private struct Handles
    {
        public const int Count = 8;
        private System.Buffers.MemoryHandle _first;
    }

    private static unsafe nint At(System.Buffers.MemoryHandle handle, int start, int elementSize) =>
        (nint)handle.Pointer + (nint)start * elementSize;

    // A tensor without state buffers reads none: any storage will do.
    private static StorageKind StateKind(StagedTensor tensor) =>
        tensor.States.Length == 0 ? StorageKind.Float32 : tensor.States[0].Kind;

    // Float16 is staged: see IElementStorage.
    private static bool InRegisters(StorageKind kind) => kind is StorageKind.Float32 or StorageKind.BFloat16;

    // The three storages become the loop's three type arguments, one at a time.
    private readonly struct Call(StepProtocol<float> steps, nint p, nint g, int length, KernelPath path)
    {
        public void WithValue(StorageKind value, StorageKind gradient, StorageKind states, ReadOnlySpan<nint> s)
        {
            if (value == StorageKind.Float32) WithGradient<NativeStorage>(gradient, states, s);
            else WithGradient<BFloat16Storage>(gradient, states, s);
        }

        private void WithGradient<TP>(StorageKind gradient, StorageKind states, ReadOnlySpan<nint> s)
            where TP : struct, IElementStorage
        {
            if (gradient == StorageKind.Float32) WithStates<TP, NativeStorage>(states, s);
            else WithStates<TP, BFloat16Storage>(states, s);
        }

        private void WithStates<TP, TG>(StorageKind states, ReadOnlySpan<nint> s)
            where TP : struct, IElementStorage
            where TG : struct, IElementStorage
        {
            if (states == StorageKind.Float32) steps.ApplyStored<TP, TG, NativeStorage>(p, g, s, length, path);
            else steps.ApplyStored<TP, TG, BFloat16Storage>(p, g, s, length, path);
        }
    }
}
