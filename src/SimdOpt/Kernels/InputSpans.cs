namespace SimdOpt.Kernels;

/// <summary>
/// The inputs of one step besides the gradient (see <see cref="OptimizerInfo.Inputs"/>), in declaration order, viewed
/// over one tensor or a slice of it: input <c>k</c> is elements <c>[Offset, Offset + Length)</c> of memory <c>k</c>,
/// or empty where that memory is empty (an input the step does not read). Slicing allocates nothing.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public readonly ref struct InputSpans<T>
{
    private readonly ReadOnlySpan<ReadOnlyMemory<T>> _inputs;
    private readonly bool _whole;
    private readonly int _length;

    /// <summary>Views every input whole.</summary>
    /// <param name="inputs">The inputs in declaration order; an empty one stands for an input not given.</param>
    public InputSpans(ReadOnlySpan<ReadOnlyMemory<T>> inputs)
    {
        _inputs = inputs;
        _whole = true;
    }

    private InputSpans(ReadOnlySpan<ReadOnlyMemory<T>> inputs, int offset, int length)
    {
        _inputs = inputs;
        Offset = offset;
        _length = length;
    }

    /// <summary>The number of inputs given.</summary>
    public int Count => _inputs.Length;

    /// <summary>The first viewed element of each input (0 when every input is viewed whole).</summary>
    public int Offset { get; }

    /// <summary>The number of elements viewed in each input that is given, or -1 when each is viewed whole.</summary>
    public int Length => _whole ? -1 : _length;

    /// <summary>The view of input <paramref name="index"/>: empty where it is not given.</summary>
    /// <param name="index">The input's index, in declaration order.</param>
    /// <exception cref="ArgumentOutOfRangeException">There is no such input, or the view does not fit in
    /// it.</exception>
    public ReadOnlySpan<T> this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_inputs.Length)
                throw new ArgumentOutOfRangeException(nameof(index),
                    $"Input {index} does not exist: there are {_inputs.Length}.");
            var input = _inputs[index];
            return input.IsEmpty ? default : _whole ? input.Span : input.Span.Slice(Offset, Length);
        }
    }

    /// <summary>The same inputs viewed from <paramref name="start"/> (relative to this view) for
    /// <paramref name="length"/> elements.</summary>
    /// <param name="start">The first element, relative to this view.</param>
    /// <param name="length">The number of elements.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="start"/> or <paramref name="length"/> is
    /// negative.</exception>
    public InputSpans<T> Slice(int start, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return new InputSpans<T>(_inputs, Offset + start, length);
    }
}
