using System.Numerics;

namespace SimdOpt.Training;

/// <summary>One tensor of an optimizer: the caller's memory, and the state buffers the optimizer owns for it.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class RegisteredTensor<T>(Parameter<T> parameter, int group, int indexInGroup, T[] state)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public Memory<T> Value { get; } = parameter.Value;

    public Memory<T> Gradient { get; } = parameter.Gradient;

    public int Length => Value.Length;

    public int Group { get; } = group;

    public int IndexInGroup { get; } = indexInGroup;

    /// <summary>Every state buffer end to end, <c>Length</c> elements each (the layout of <see cref="Kernels.StateSpans{T}"/>); replaced whole when a checkpoint loads.</summary>
    public T[] State { get; set; } = state;
}
