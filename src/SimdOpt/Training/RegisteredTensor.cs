using System.Numerics;
using SimdOpt.Kernels;

namespace SimdOpt.Training;

/// <summary>One tensor of an optimizer: the caller's memory, and its view of the state block the optimizer owns for it
/// and its neighbours (see <see cref="StateLayout"/>).</summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class RegisteredTensor<T>(Parameter<T> parameter, ReadOnlyMemory<T>[] inputs, StepProtocol<T> steps,
    int group, int indexInGroup, ArraySegment<T> stateBlock, int stateCount, int stateStride, int stateOffset)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The parameter as the caller registered it, inputs included.</summary>
    public Parameter<T> Parameter { get; } = parameter;

    public Memory<T> Value { get; } = parameter.Value;

    public Memory<T> Gradient { get; } = parameter.Gradient;

    public int Length => Value.Length;

    /// <summary>The inputs the optimizer's step reads besides the gradient, in declaration order (empty where the
    /// caller gave none).</summary>
    public ReadOnlyMemory<T>[] Inputs { get; } = inputs;

    /// <summary>The step protocol of the tensor's group, which every slice of the tensor is stepped through.</summary>
    public StepProtocol<T> Steps { get; } = steps;

    public int Group { get; } = group;

    public int IndexInGroup { get; } = indexInGroup;

    /// <summary>Where the tensor's part of each state buffer begins in the block.</summary>
    public int StateOffset => stateOffset;

    /// <summary>Whether <paramref name="other"/>'s state lives in the same block, laid out the same way, as this
    /// tensor's.</summary>
    public bool SharesStateWith(RegisteredTensor<T> other) =>
        ReferenceEquals(stateBlock.Array, other.StateBlock.Array) && stateStride == other.StateStride;

    private ArraySegment<T> StateBlock => stateBlock;

    private int StateStride => stateStride;

    /// <summary>The tensor's state buffers, in declaration order: buffer <c>k</c> at <c>k * stride + offset</c> of the
    /// shared block.</summary>
    public StateSpans<T> State => StateOf(0, Length);

    /// <summary>The state buffers of elements [<paramref name="start"/>, <paramref name="start"/> +
    /// <paramref name="length"/>) of the tensor: one view, built and checked once per work item.</summary>
    public StateSpans<T> StateOf(int start, int length) =>
        new(stateBlock.AsSpan(), stateCount, stateStride, stateOffset + start, length);
}
