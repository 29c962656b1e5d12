namespace SimdOpt.Kernels.Internal;

/// <summary>
/// A compile-time boolean for generated kernels. Loops are generic over <see cref="On"/>/<see cref="Off"/>
/// type arguments, so the JIT folds every flag and per-step condition away: no flag is tested per element.
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public interface ISwitch
{
    /// <summary>The constant value of the switch.</summary>
    static abstract bool Value { get; }
}

/// <summary>The switch that is on.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public readonly struct On : ISwitch
{
    /// <inheritdoc/>
    public static bool Value => true;
}

/// <summary>The switch that is off.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public readonly struct Off : ISwitch
{
    /// <inheritdoc/>
    public static bool Value => false;
}
