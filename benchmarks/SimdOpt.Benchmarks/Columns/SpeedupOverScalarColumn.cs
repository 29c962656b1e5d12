using System.Globalization;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace SimdOpt.Benchmarks.Columns;

/// <summary>
/// How many times faster than the generated scalar path of the same optimizer, size, threading and job (the
/// benchmark whose subject <see cref="Suite.IBenchmarkSubject.IsScalarReference"/>, in the same class and method): its
/// median over this median, so 8.0 means eight times as fast.
/// </summary>
public sealed class SpeedupOverScalarColumn : SubjectColumn
{
    /// <inheritdoc/>
    public override string Id => nameof(SpeedupOverScalarColumn);

    /// <inheritdoc/>
    public override string ColumnName => "x scalar";

    /// <inheritdoc/>
    public override string Legend => "Speed-up over the generated scalar path of the same optimizer, size and threading (its median / this median)";

    /// <inheritdoc/>
    protected override double? Compute(Summary summary, BenchmarkCase benchmarkCase, Measured measured)
    {
        var reference = summary.BenchmarksCases
            .Where(other => other.Descriptor.Type == benchmarkCase.Descriptor.Type
                && other.Descriptor.WorkloadMethod == benchmarkCase.Descriptor.WorkloadMethod
                && other.Job.DisplayInfo == benchmarkCase.Job.DisplayInfo)
            .Select(other => Measure(summary, other))
            .FirstOrDefault(other => other is { } o && o.Subject.IsScalarReference
                && o.Subject.Family == measured.Subject.Family && o.Elements == measured.Elements);
        return reference is { } r ? r.Nanoseconds / measured.Nanoseconds : null;
    }

    /// <inheritdoc/>
    protected override string Format(double value) => value.ToString("F2", CultureInfo.InvariantCulture) + "x";
}
