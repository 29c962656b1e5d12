using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using SimdOpt.Benchmarks.Suite;

namespace SimdOpt.Benchmarks.Columns;

/// <summary>
/// A column computed from a benchmark's median time and its parameters: the <see cref="IBenchmarkSubject"/> it measures
/// and its element count (the parameter named <see cref="SizeParameter"/>).
/// </summary>
public abstract class SubjectColumn : IColumn
{
    /// <summary>The name of the element-count parameter every suite benchmark has.</summary>
    public const string SizeParameter = "Size";

    /// <inheritdoc/>
    public abstract string Id { get; }

    /// <inheritdoc/>
    public abstract string ColumnName { get; }

    /// <inheritdoc/>
    public abstract string Legend { get; }

    /// <inheritdoc/>
    public bool AlwaysShow => true;

    /// <inheritdoc/>
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc/>
    public int PriorityInCategory => 0;

    /// <inheritdoc/>
    public bool IsNumeric => true;

    /// <inheritdoc/>
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc/>
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var measured = Measure(summary, benchmarkCase);
        if (measured is null) return "-";
        double? value = Compute(summary, benchmarkCase, measured.Value);
        return value is { } v && double.IsFinite(v) ? Format(v) : "-";
    }

    /// <summary>The column's value for a measured benchmark, or null where it has none.</summary>
    /// <param name="summary">The whole run.</param>
    /// <param name="benchmarkCase">The benchmark.</param>
    /// <param name="measured">Its subject, element count and median time.</param>
    protected abstract double? Compute(Summary summary, BenchmarkCase benchmarkCase, Measured measured);

    /// <summary>How the value is printed.</summary>
    /// <param name="value">The value.</param>
    protected virtual string Format(double value) => value.ToString("F3", CultureInfo.InvariantCulture);

    /// <summary>The subject, element count and median time of <paramref name="benchmarkCase"/>, or null if it has no
    /// result or is no suite benchmark.</summary>
    /// <param name="summary">The whole run.</param>
    /// <param name="benchmarkCase">The benchmark.</param>
    protected static Measured? Measure(Summary summary, BenchmarkCase benchmarkCase)
    {
        var subject = benchmarkCase.Parameters.Items.Select(p => p.Value).OfType<IBenchmarkSubject>().FirstOrDefault();
        var size = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == SizeParameter)?.Value;
        var statistics = summary[benchmarkCase]?.ResultStatistics;
        if (subject is null || size is not int elements || elements <= 0 || statistics is null) return null;
        return new Measured(subject, elements, statistics.Median);
    }

    /// <summary>A measured benchmark of the suite.</summary>
    /// <param name="Subject">What it measures.</param>
    /// <param name="Elements">Its element count.</param>
    /// <param name="Nanoseconds">Its median time per operation (one step), in nanoseconds.</param>
    protected readonly record struct Measured(IBenchmarkSubject Subject, int Elements, double Nanoseconds);
}
