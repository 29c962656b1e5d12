using SimdOpt.Kernels;

namespace SimdOpt.Training;

// State buffers held only while a step uses them: a buffer the group's flags leave unused (AdamW's max_exp_avg_sq
// without amsgrad) is absent, one value standing for every element (StagedTensor.AbsentValues), until a step uses it.
// It then holds what Optimizer<float>'s buffer would: 0 before the state is created, the buffer's initial value after.
// A tensor whose states are all float32 keeps Optimizer<float>'s layout (every declared buffer in one block, read in
// place by the kernel), so it has no absent buffer.
public sealed partial class LowPrecisionOptimizer
{
    // Before the first write of a step: every buffer the prepared step uses exists, holding the value it stood for.
    private void AllocateActiveStates()
    {
        foreach (var tensor in _tensors)
            for (int k = 0; k < tensor.States.Length; k++)
                if (tensor.IsAbsent(k) && tensor.Steps.Hyperparameters.IsStateActive(k))
                    tensor.States[k] = Materialize(tensor, k);
    }

    // After the step that created the state, before it is committed: an absent buffer now stands for its initial value,
    // which that step would have filled it with.
    private void RecordInitialValues()
    {
        foreach (var tensor in _tensors)
            if (tensor.Steps.CreatesState)
                for (int k = 0; k < tensor.States.Length; k++)
                    if (tensor.IsAbsent(k))
                        tensor.AbsentValues[k] = (float)tensor.Steps.Hyperparameters.InitialStateValue(k);
    }

    // State buffer k of a tensor: the buffer itself, or for an absent one a new buffer of the tensor's length holding
    // its value in every element (narrowed into its storage as a step would store it).
    private static StoredMemory Materialize(StagedTensor tensor, int k)
    {
        var buffer = tensor.States[k];
        if (!tensor.IsAbsent(k)) return buffer;
        var filled = StoredMemory.Allocate(buffer.Kind, tensor.Length, buffer.Code);
        var block = new float[Math.Min(StagedStep.BlockLength, tensor.Length)];
        Array.Fill(block, tensor.AbsentValues[k]);
        for (int start = 0; start < tensor.Length; start += block.Length)
            filled.Narrow(block.AsSpan(0, Math.Min(block.Length, tensor.Length - start)), start, KernelPath.Auto);
        return filled;
    }

    // The value every element of a buffer holds, if they all hold the same bits (read block by block); else null.
    private static float? UniformValue(StoredMemory buffer)
    {
        if (buffer.Length == 0) return 0;
        var block = new float[Math.Min(StagedStep.BlockLength, buffer.Length)];
        buffer.Widen(0, block.AsSpan(0, 1), KernelPath.Auto);
        int first = BitConverter.SingleToInt32Bits(block[0]);
        for (int start = 0; start < buffer.Length; start += block.Length)
        {
            var widened = block.AsSpan(0, Math.Min(block.Length, buffer.Length - start));
            buffer.Widen(start, widened, KernelPath.Auto);
            foreach (float value in widened)
                if (BitConverter.SingleToInt32Bits(value) != first) return null;
        }
        return BitConverter.Int32BitsToSingle(first);
    }
}
