using System.Globalization;
using Spectre.Console;

namespace SimdOpt.Cli.Bench;

/// <summary>
/// The measurements of <c>simdopt bench --storage</c> as one table per optimizer and size: a row per storage with ns
/// per element, GB/s, bytes moved per element, memory per parameter, and the speed against fp32 (as
/// <c>--tensors</c>' <c>against</c> column: <c>-28%</c> is 28% less time per element).
/// </summary>
internal static class StorageBenchTable
{
    /// <summary>One table per optimizer and size, in the order measured.</summary>
    public static IEnumerable<Table> Build(IReadOnlyList<StorageMeasurement> measurements)
    {
        foreach (var group in measurements.GroupBy(m => (m.Optimizer, m.Size)))
        {
            var rows = group.ToArray();
            int threads = rows[0].Threads;
            string reference = rows.Any(r => r.Storage.Name == "fp32") ? "fp32" : rows[0].Storage.Name;
            var table = new Table
            {
                Title = new TableTitle(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"{group.Key.Optimizer}, {Options.SizeList.Format(group.Key.Size)} elements: "
                    + $"LowPrecisionOptimizer.Step(), {threads} thread{(threads == 1 ? "" : "s")}"))),
            };
            table.AddColumn("storage");
            table.AddColumn(new TableColumn("ns/elem").RightAligned());
            table.AddColumn(new TableColumn("GB/s").RightAligned());
            table.AddColumn(new TableColumn("bytes/elem").RightAligned());
            table.AddColumn(new TableColumn("bytes/param").RightAligned());
            table.AddColumn(new TableColumn("against " + reference).RightAligned());
            foreach (var m in rows)
                table.AddRow(
                    Markup.Escape(m.Storage.Name),
                    m.NanosecondsPerElement.ToString("F3", CultureInfo.InvariantCulture),
                    m.GigabytesPerSecond.ToString("F1", CultureInfo.InvariantCulture),
                    m.BytesPerElement.ToString("0.##", CultureInfo.InvariantCulture),
                    m.BytesPerParameter.ToString("0.##", CultureInfo.InvariantCulture),
                    m.Storage.Name == reference
                        ? TensorBenchTable.Reference
                        : TensorBenchTable.Percentage(m.AgainstReference));
            yield return table;
        }
    }
}
