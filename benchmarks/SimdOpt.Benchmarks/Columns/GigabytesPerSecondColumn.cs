using System.Globalization;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace SimdOpt.Benchmarks.Columns;

/// <summary>Bytes moved per second: elements times the subject's bytes per element, over the median time.</summary>
public sealed class GigabytesPerSecondColumn : SubjectColumn
{
    /// <inheritdoc/>
    public override string Id => nameof(GigabytesPerSecondColumn);

    /// <inheritdoc/>
    public override string ColumnName => "GB/s";

    /// <inheritdoc/>
    public override string Legend => "Bytes read plus written per second (10^9), from the bytes one element moves (p r+w, g r, each active state buffer r+w)";

    /// <inheritdoc/>
    protected override double? Compute(Summary summary, BenchmarkCase benchmarkCase, Measured measured) =>
        (double)measured.Elements * measured.Subject.BytesPerElement / measured.Nanoseconds;

    /// <inheritdoc/>
    protected override string Format(double value) => value.ToString("F2", CultureInfo.InvariantCulture);
}
