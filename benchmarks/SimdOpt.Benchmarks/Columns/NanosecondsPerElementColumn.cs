using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace SimdOpt.Benchmarks.Columns;

/// <summary>Median time of one step divided by the element count.</summary>
public sealed class NanosecondsPerElementColumn : SubjectColumn
{
    /// <inheritdoc/>
    public override string Id => nameof(NanosecondsPerElementColumn);

    /// <inheritdoc/>
    public override string ColumnName => "ns/elem";

    /// <inheritdoc/>
    public override string Legend => "Median time of one step per element, in nanoseconds";

    /// <inheritdoc/>
    protected override double? Compute(Summary summary, BenchmarkCase benchmarkCase, Measured measured) =>
        measured.Nanoseconds / measured.Elements;
}
