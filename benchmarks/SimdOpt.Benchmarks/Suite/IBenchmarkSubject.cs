namespace SimdOpt.Benchmarks.Suite;

/// <summary>
/// What the suite's columns need to know about the thing a benchmark measures: which family it belongs to (an
/// optimizer, or the memory-bandwidth loops), how many bytes one element moves, and whether it is the generated scalar
/// path that speed-ups are measured against.
/// </summary>
public interface IBenchmarkSubject
{
    /// <summary>The optimizer's registry name, or "memory" for the bandwidth loops.</summary>
    string Family { get; }

    /// <summary>Bytes read plus bytes written per element by one step.</summary>
    int BytesPerElement { get; }

    /// <summary>Whether this is the generated scalar path of its family, the reference of the speed-up
    /// column.</summary>
    bool IsScalarReference { get; }
}
