namespace SimdOpt.Training;

/// <summary>One block of state: the state buffers of consecutive tensors of a group, buffer by buffer.</summary>
/// <param name="FirstTensor">The first tensor's index in the group.</param>
/// <param name="TensorCount">How many consecutive tensors share the block.</param>
/// <param name="Stride">The sum of their lengths (the allocated block pads it to whole cache lines, see
/// <see cref="Kernels.AlignedMemory"/>).</param>
internal readonly record struct StateBlock(int FirstTensor, int TensorCount, int Stride);

/// <summary>
/// Where a group's state lives. Consecutive tensors share a block in which each state buffer is one run over all of
/// them (every tensor's <c>exp_avg</c>, then every tensor's <c>exp_avg_sq</c>, ...), so a step over many small tensors
/// streams through each buffer as it would through one large tensor's. Interleaving the buffers tensor by tensor
/// instead (each tensor's own block) made a step over 1,000 tensors of 1K elements about twice as slow as over one
/// tensor of 1M, in a scratch measurement on the development machine; laid out buffer by buffer, within a few percent.
/// </summary>
internal static class StateLayout
{
    /// <summary>A block grows to this many elements per buffer (16 MiB of floats) before the next one starts; a larger
    /// tensor gets a block of its own.</summary>
    public const int BlockLength = 1 << 22;

    /// <summary>Cuts tensors of the given lengths into blocks, in order.</summary>
    /// <param name="lengths">The length of every tensor of the group.</param>
    /// <param name="stateCount">The number of state buffers of the optimizer; each tensor's must fit in one
    /// array.</param>
    public static IReadOnlyList<StateBlock> Pack(IReadOnlyList<int> lengths, int stateCount)
    {
        var blocks = new List<StateBlock>();
        int first = 0;
        long stride = 0;
        for (int i = 0; i < lengths.Count; i++)
        {
            long grown = stride + lengths[i];
            bool fits = grown <= BlockLength && grown * Math.Max(stateCount, 1) <= Array.MaxLength;
            if (i > first && !fits)
            {
                blocks.Add(new StateBlock(first, i - first, (int)stride));
                first = i;
                grown = lengths[i];
            }
            stride = grown;
        }
        if (first < lengths.Count) blocks.Add(new StateBlock(first, lengths.Count - first, (int)stride));
        return blocks;
    }
}
