namespace SimdOpt.Training;

/// <summary>How <see cref="CyclicLR"/> scales the amplitude of its cycles (torch's <c>mode</c>).</summary>
public enum CyclicMode
{
    /// <summary>Every cycle has the full amplitude (torch's <c>"triangular"</c>).</summary>
    Triangular,

    /// <summary>Each cycle has half the amplitude of the one before: <c>1 / 2^(cycle - 1)</c> (torch's
    /// <c>"triangular2"</c>).</summary>
    Triangular2,

    /// <summary>The amplitude decays by <c>gamma</c> every step: <c>gamma^epoch</c> (torch's
    /// <c>"exp_range"</c>).</summary>
    ExpRange,
}
