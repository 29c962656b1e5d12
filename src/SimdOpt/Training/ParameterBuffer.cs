using System.Globalization;
using System.Numerics;
using SimdOpt.Kernels;

namespace SimdOpt.Training;

/// <summary>
/// A model's parameter tensors cut from one array of values and one array of gradients, end to end (a flat buffer, as
/// fused optimizers in other frameworks keep them). An <see cref="Optimizer{T}"/> steps tensors that lie side by side
/// like this as one span, so a model of many small tensors steps as fast as one tensor of the same size; tensors in
/// arrays of their own are stepped one by one, and where the arrays lie in memory then decides part of the speed.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class ParameterBuffer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Parameter<T>[] _parameters;

    /// <summary>Allocates zeroed values and gradients for tensors of the given lengths, in that order.</summary>
    /// <param name="lengths">The number of elements of every tensor; each at least 0.</param>
    /// <exception cref="ArgumentNullException"><paramref name="lengths"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A length is negative.</exception>
    /// <exception cref="ArgumentException">The lengths add up to more elements than one array can hold.</exception>
    public ParameterBuffer(IEnumerable<int> lengths)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        int[] sizes = [.. lengths];
        long total = 0;
        for (int i = 0; i < sizes.Length; i++)
        {
            if (sizes[i] < 0)
                throw new ArgumentOutOfRangeException(nameof(lengths), sizes[i],
                    string.Create(CultureInfo.InvariantCulture, $"Tensor {i} has a negative length, {sizes[i]}."));
            total += sizes[i];
        }
        if (total > Array.MaxLength)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The tensors hold {total} elements together, more than one array can ({Array.MaxLength})."),
                nameof(lengths));

        // Aligned, as the optimizer's state is: a step over the buffer then splits no cache line in any stream.
        var values = AlignedMemory.Allocate<T>((int)total);
        var gradients = AlignedMemory.Allocate<T>((int)total);
        Values = values;
        Gradients = gradients;
        _parameters = new Parameter<T>[sizes.Length];
        for (int i = 0, start = 0; i < sizes.Length; start += sizes[i], i++)
            _parameters[i] = new Parameter<T>(values.AsMemory(start, sizes[i]), gradients.AsMemory(start, sizes[i]));
    }

    /// <summary>Every tensor's values, end to end, in the order of the lengths.</summary>
    public Memory<T> Values { get; }

    /// <summary>Every tensor's gradients, end to end, in the order of the lengths.</summary>
    public Memory<T> Gradients { get; }

    /// <summary>The tensors, in the order of the lengths; pass them to <see cref="Optimizer{T}"/> in this
    /// order.</summary>
    public IReadOnlyList<Parameter<T>> Parameters => _parameters;

    /// <summary>The number of tensors.</summary>
    public int Count => _parameters.Length;

    /// <summary>Tensor <paramref name="index"/>: its values and gradients, slices of <see cref="Values"/> and
    /// <see cref="Gradients"/>.</summary>
    /// <param name="index">The tensor's position in the lengths.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not the position of a
    /// tensor.</exception>
    public Parameter<T> this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_parameters.Length)
                throw new ArgumentOutOfRangeException(nameof(index), index, string.Create(CultureInfo.InvariantCulture,
                    $"There is no tensor {index}: the buffer holds {_parameters.Length}."));
            return _parameters[index];
        }
    }
}
