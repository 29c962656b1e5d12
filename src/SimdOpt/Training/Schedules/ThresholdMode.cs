namespace SimdOpt.Training;

/// <summary>How <see cref="ReduceLROnPlateau"/> measures a significant improvement on the best metric (torch's
/// <c>threshold_mode</c>).</summary>
public enum ThresholdMode
{
    /// <summary>Relative: better than <c>best · (1 - threshold)</c> in <see cref="PlateauMode.Min"/>, <c>best · (1 +
    /// threshold)</c> in <see cref="PlateauMode.Max"/> (torch's <c>"rel"</c>).</summary>
    Rel,

    /// <summary>Absolute: better than <c>best - threshold</c> in <see cref="PlateauMode.Min"/>, <c>best +
    /// threshold</c> in <see cref="PlateauMode.Max"/> (torch's <c>"abs"</c>).</summary>
    Abs,
}
