using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using SimdOpt.Kernels;

namespace SimdOpt.Training;

/// <summary>
/// Consecutive tensors of one group that a step treats as one span: each tensor's values follow the previous tensor's
/// in the same memory, its gradients too, and its state buffers too (which <see cref="StateLayout"/> makes so within a
/// block). A model whose tensors are slices of one flat buffer of values and one of gradients is then stepped as one
/// tensor of the same size, with no cost per tensor at all; a tensor in memory of its own is a run of one.
/// The optimizers' updates are elementwise, so stepping a run gives the bits stepping its tensors one by one gives.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class StepRun<T> : IStepSource<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly RegisteredTensor<T> _first;
    // The arrays behind Value and Gradient, when they are arrays (default otherwise): found once, so a step slices them
    // without Memory<T>.Span's unpacking (its type test, its flags and bounds) for every work item.
    private readonly ArraySegment<T> _valueArray, _gradientArray;

    private StepRun(RegisteredTensor<T> first, Memory<T> value, Memory<T> gradient, ReadOnlyMemory<T>[] inputs,
        int tensorCount)
    {
        _first = first;
        Value = value;
        Gradient = gradient;
        Inputs = inputs;
        TensorCount = tensorCount;
        _valueArray = ArrayOf(value);
        _gradientArray = ArrayOf(gradient);
    }

    // The array a memory is a slice of, or default for a memory manager's memory (whose span only the manager gives:
    // it may be disposed, or not an array at all).
    private static ArraySegment<T> ArrayOf(Memory<T> memory) =>
        !MemoryMarshal.TryGetMemoryManager<T, MemoryManager<T>>(memory, out _)
        && MemoryMarshal.TryGetArray<T>(memory, out var segment) ? segment : default;

    /// <summary>The values of every tensor of the run, end to end.</summary>
    public Memory<T> Value { get; }

    /// <summary>The gradients of every tensor of the run, end to end.</summary>
    public Memory<T> Gradient { get; }

    /// <summary>The inputs besides the gradient of every tensor of the run, end to end, in declaration order; an input
    /// is empty where no tensor of the run has it.</summary>
    public ReadOnlyMemory<T>[] Inputs { get; }

    /// <summary>The number of elements of the run.</summary>
    public int Length => Value.Length;

    /// <summary>How many tensors the run holds.</summary>
    public int TensorCount { get; }

    /// <summary>The group every tensor of the run belongs to.</summary>
    public int Group => _first.Group;

    /// <summary>The step protocol of that group.</summary>
    public StepProtocol<T> Steps => _first.Steps;

    /// <summary>The state buffers of elements [<paramref name="start"/>, <paramref name="start"/> +
    /// <paramref name="length"/>) of the run.</summary>
    public StateSpans<T> StateOf(int start, int length) => _first.StateOf(start, length);

    /// <summary>The values, gradients and state buffers of one work item of the run (out parameters: spans cannot go
    /// in a tuple), as the step and the reduction passes both take them.</summary>
    /// <param name="item">A work item whose source is this run.</param>
    /// <param name="p">The item's values.</param>
    /// <param name="g">The item's gradients.</param>
    /// <param name="state">The item's state buffers.</param>
    public void Slice(WorkItem item, out Span<T> p, out ReadOnlySpan<T> g, out StateSpans<T> state)
    {
        p = _valueArray.Array is { } values
            ? new Span<T>(values, _valueArray.Offset + item.Start, item.Length)
            : Value.Span.Slice(item.Start, item.Length);
        g = _gradientArray.Array is { } gradients
            ? new ReadOnlySpan<T>(gradients, _gradientArray.Offset + item.Start, item.Length)
            : Gradient.Span.Slice(item.Start, item.Length);
        state = StateOf(item.Start, item.Length);
    }

    /// <summary>Cuts tensors, in optimizer order, into the fewest runs.</summary>
    /// <param name="tensors">Every registered tensor, group by group.</param>
    public static StepRun<T>[] Cut(IReadOnlyList<RegisteredTensor<T>> tensors)
    {
        var runs = new List<StepRun<T>>();
        for (int i = 0; i < tensors.Count; i++)
        {
            var tensor = tensors[i];
            if (runs.Count > 0 && runs[^1].TryAppend(tensor) is { } longer) runs[^1] = longer;
            else runs.Add(new StepRun<T>(tensor, tensor.Value, tensor.Gradient, tensor.Inputs, 1));
        }
        return [.. runs];
    }

    // The run grown by the next tensor, or null when the tensor does not continue it in every buffer.
    private StepRun<T>? TryAppend(RegisteredTensor<T> next)
    {
        // A reduction (a norm, a mean) is each tensor's own, so an optimizer with reductions steps tensors one by one.
        if (next.Group != Group || Steps.ReductionPasses > 0 || !_first.SharesStateWith(next)
            || next.StateOffset != _first.StateOffset + Length)
            return null;
        if (!TryJoin(Value, next.Value, out var value) || !TryJoin(Gradient, next.Gradient, out var gradient))
            return null;
        var inputs = new ReadOnlyMemory<T>[Inputs.Length];
        for (int k = 0; k < inputs.Length; k++)
        {
            // An input joins only where both pieces have it (or neither does), so it stays aligned with the values.
            if (Inputs[k].IsEmpty != next.Inputs[k].IsEmpty) return null;
            if (Inputs[k].IsEmpty) continue;
            if (!TryJoin(MemoryMarshal.AsMemory(Inputs[k]), MemoryMarshal.AsMemory(next.Inputs[k]), out var input))
                return null;
            inputs[k] = input;
        }
        return new StepRun<T>(_first, value, gradient, inputs, TensorCount + 1);
    }

    // Joins two pieces of memory when the second starts where the first ends. Only memory whose neighbourhood cannot
    // change is joined: slices of one array (the garbage collector moves an array as a whole), slices of one memory
    // manager, and native memory (which never moves). Two arrays that happen to lie side by side are not joined.
    private static bool TryJoin(Memory<T> first, Memory<T> second, out Memory<T> joined)
    {
        joined = first;
        if (second.IsEmpty) return true;
        if (first.IsEmpty)
        {
            joined = second;
            return true;
        }
        if (MemoryMarshal.TryGetArray<T>(first, out var a) && MemoryMarshal.TryGetArray<T>(second, out var b))
        {
            if (!ReferenceEquals(a.Array, b.Array) || a.Offset + a.Count != b.Offset) return false;
            joined = a.Array!.AsMemory(a.Offset, a.Count + b.Count);
            return true;
        }
        if (MemoryMarshal.TryGetMemoryManager<T, MemoryManager<T>>(first, out var m, out int start, out int length)
            && MemoryMarshal.TryGetMemoryManager<T, MemoryManager<T>>(second, out var n, out int nextStart,
                out int nextLength))
        {
            if (ReferenceEquals(m, n))
            {
                if (start + length != nextStart) return false;
                joined = m.Memory.Slice(start, length + nextLength);
                return true;
            }
            if (m is NativeMemoryManager<T> native && n is NativeMemoryManager<T> nextNative)
                return native.TryJoin(start, length, nextNative, nextStart, nextLength, out joined);
        }
        return false;
    }
}
