using SimdOpt.Benchmarks.Kernels;

namespace SimdOpt.Benchmarks.Suite;

/// <summary>One of the memory-bandwidth loops, the ceiling the optimizer steps are read against.</summary>
public sealed class BandwidthCase : IBenchmarkSubject
{
    private BandwidthCase(string name, bool triad, int bytesPerElement)
    {
        Name = name;
        Triad = triad;
        BytesPerElement = bytesPerElement;
    }

    /// <summary>copy (b = a) or triad (a = b + s * c).</summary>
    public string Name { get; }

    /// <summary>Whether this is triad.</summary>
    public bool Triad { get; }

    /// <inheritdoc/>
    public string Family => "memory";

    /// <inheritdoc/>
    public int BytesPerElement { get; }

    /// <inheritdoc/>
    public bool IsScalarReference => false;

    /// <summary>Copy (8 bytes per element) and triad (12 bytes per element).</summary>
    public static IEnumerable<BandwidthCase> All() =>
        [new BandwidthCase("copy", triad: false, 2 * sizeof(float)), new BandwidthCase("triad", triad: true, 3 * sizeof(float))];

    /// <summary>Creates the loop over <paramref name="length"/> elements.</summary>
    /// <param name="length">The number of elements.</param>
    public BandwidthKernel CreateKernel(int length) => new(Triad, length);

    /// <inheritdoc/>
    public override string ToString() => "memory " + Name;
}
