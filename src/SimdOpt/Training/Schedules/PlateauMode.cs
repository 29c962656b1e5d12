namespace SimdOpt.Training;

/// <summary>Which way a metric improves for <see cref="ReduceLROnPlateau"/> (torch's <c>mode</c>).</summary>
public enum PlateauMode
{
    /// <summary>Lower is better, as a loss (torch's <c>"min"</c>).</summary>
    Min,

    /// <summary>Higher is better, as an accuracy (torch's <c>"max"</c>).</summary>
    Max,
}
