namespace SimdOpt.Training;

/// <summary>How <see cref="OneCycleLR"/> (within a phase) and <see cref="SWALR"/> move between two values (torch's
/// <c>anneal_strategy</c>).</summary>
public enum AnnealStrategy
{
    /// <summary>Along half a cosine: <c>end + (start - end) / 2 · (cos(π · pct) + 1)</c>.</summary>
    Cos,

    /// <summary>In a straight line: <c>(end - start) · pct + start</c>.</summary>
    Linear,
}
