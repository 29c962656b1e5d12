using System.Globalization;

namespace SimdOpt.Training;

/// <summary>
/// One parameter tensor and its gradient for a <see cref="LowPrecisionOptimizer"/>, each in float32, bfloat16 or
/// float16 memory the caller owns (the two may differ: bfloat16 values with float32 gradients, say). The optimizer
/// reads the gradient and updates the values in place; clipping and loss scaling rewrite the gradient.
/// </summary>
public readonly struct StoredParameter
{
    /// <summary>Pairs parameter values with their gradient.</summary>
    /// <param name="value">The parameter values, updated in place by every step.</param>
    /// <param name="gradient">The gradient, as long as <paramref name="value"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public StoredParameter(StoredTensor value, StoredTensor gradient)
    {
        if (gradient.Length != value.Length)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The gradient has {gradient.Length} elements but the parameter has {value.Length}; "
                + $"they must be equally long."), nameof(gradient));
        Value = value;
        Gradient = gradient;
    }

    /// <summary>The parameter values.</summary>
    public StoredTensor Value { get; }

    /// <summary>The gradient of the parameter values.</summary>
    public StoredTensor Gradient { get; }

    /// <summary>The number of elements.</summary>
    public int Length => Value.Length;
}
