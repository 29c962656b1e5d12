namespace SimdOpt.Benchmarks.Reporting;

/// <summary>One row of a report: which benchmark method, which case at which size, and its median-based
/// figures.</summary>
/// <param name="Method">The benchmark method, e.g. <c>OneThread</c> or <c>AllCores</c>.</param>
/// <param name="Family">The optimizer (or <c>memory</c>), the first word of the case.</param>
/// <param name="Label">The implementation, the rest of the case, e.g. <c>generated Vector256</c>.</param>
/// <param name="Size">The number of elements.</param>
/// <param name="NanosecondsPerElement">Median time per element.</param>
/// <param name="GigabytesPerSecond">Bytes moved per second, 10^9.</param>
public sealed record Measurement(string Method, string Family, string Label, int Size, double NanosecondsPerElement, double GigabytesPerSecond)
{
    /// <summary>The rows of an optimizer or bandwidth report.</summary>
    /// <param name="table">The report.</param>
    public static IReadOnlyList<Measurement> From(ResultTable table) =>
        table.Rows.Select(row =>
        {
            string @case = row("Case");
            int space = @case.IndexOf(' ');
            return new Measurement(row("Method"), @case[..space], @case[(space + 1)..], (int)ResultTable.Number(row("Size")),
                ResultTable.Number(row("ns/elem")), ResultTable.Number(row("GB/s")));
        }).ToArray();
}
