using System.Globalization;
using System.Numerics;

namespace SimdOpt.Training;

/// <summary>
/// One parameter tensor and its gradient, both memory the caller owns: arrays, <see cref="Memory{T}"/> slices,
/// a <see cref="System.Buffers.MemoryManager{T}"/>, or native memory (<see cref="FromPointers"/>). The optimizer
/// reads the gradient and updates the values in place; clipping and loss scaling rewrite the gradient.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public readonly struct Parameter<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly (string Name, Memory<T> Values)[]? _inputs;

    /// <summary>Pairs parameter values with their gradient.</summary>
    /// <param name="value">The parameter values, updated in place by every step.</param>
    /// <param name="gradient">The gradient, as long as <paramref name="value"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public Parameter(Memory<T> value, Memory<T> gradient)
    {
        if (gradient.Length != value.Length)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The gradient has {gradient.Length} elements but the parameter has {value.Length}; "
                + $"they must be equally long."), nameof(gradient));
        Value = value;
        Gradient = gradient;
    }

    private Parameter(Memory<T> value, Memory<T> gradient, (string Name, Memory<T> Values)[] inputs)
        : this(value, gradient) => _inputs = inputs;

    /// <summary>
    /// This parameter with input <paramref name="name"/> (one the optimizer's step reads besides the gradient, see
    /// <see cref="Kernels.OptimizerInfo.Inputs"/>: Sophia's <c>hessian_estimate</c>) in <paramref name="values"/>,
    /// memory the caller owns and fills, like the gradient, before each step that reads it.
    /// </summary>
    /// <param name="name">The input's declared name.</param>
    /// <param name="values">The input, as long as the parameter.</param>
    /// <returns>A copy of this parameter with the input (replacing one of the same name).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public Parameter<T> WithInput(string name, Memory<T> values)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (values.Length != Value.Length)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Input '{name}' has {values.Length} elements but the parameter has {Value.Length}; "
                + $"they must be equally long."), nameof(values));
        var kept = (_inputs ?? []).Where(input => input.Name != name);
        return new Parameter<T>(Value, Gradient, [.. kept, (name, values)]);
    }

    /// <summary>The input named <paramref name="name"/>, or empty when this parameter has none of that name.</summary>
    /// <param name="name">The input's declared name.</param>
    public Memory<T> Input(string name)
    {
        foreach (var input in _inputs ?? []) if (input.Name == name) return input.Values;
        return default;
    }

    /// <summary>The names of the inputs this parameter carries.</summary>
    public IEnumerable<string> InputNames => (_inputs ?? []).Select(input => input.Name);

    /// <summary>The parameter values.</summary>
    public Memory<T> Value { get; }

    /// <summary>The gradient of the parameter values.</summary>
    public Memory<T> Gradient { get; }

    /// <summary>The number of elements.</summary>
    public int Length => Value.Length;

    /// <summary>
    /// A parameter in native memory. The memory must stay allocated, and must not move, for as long as the optimizer
    /// that registers this parameter is used.
    /// </summary>
    /// <param name="value">The first parameter value.</param>
    /// <param name="gradient">The first gradient element.</param>
    /// <param name="length">The number of elements behind each pointer.</param>
    /// <exception cref="ArgumentNullException">A pointer is null while <paramref name="length"/> is
    /// positive.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    public static unsafe Parameter<T> FromPointers(T* value, T* gradient, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length > 0)
        {
            if (value == null) throw new ArgumentNullException(nameof(value), "The parameter pointer is null.");
            if (gradient == null) throw new ArgumentNullException(nameof(gradient), "The gradient pointer is null.");
        }
        return new Parameter<T>(new NativeMemoryManager<T>(value, length).Memory,
            new NativeMemoryManager<T>(gradient, length).Memory);
    }
}
