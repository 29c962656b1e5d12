using System.Globalization;
using SimdOpt.Cli.Options;
using SimdOpt.Kernels;
using Spectre.Console;

namespace SimdOpt.Cli.Bench;

/// <summary>
/// The measurements as one table per size: a row per optimizer, a column per code path, each cell
/// <c>ns per element (GB/s)</c>, and how many times faster the dispatching path is than the scalar one.
/// </summary>
internal static class BenchTable
{
    /// <summary>The cell text of one measurement, e.g. <c>0.352 (79.5)</c>.</summary>
    public static string Cell(BenchMeasurement m) =>
        m.NanosecondsPerElement.ToString("F3", CultureInfo.InvariantCulture)
        + " (" + m.GigabytesPerSecond.ToString("F1", CultureInfo.InvariantCulture) + ")";

    /// <summary>One table per size, in the order the sizes were measured.</summary>
    public static IEnumerable<Table> Build(IReadOnlyList<BenchMeasurement> measurements)
    {
        var paths = measurements.Select(m => m.Path).Distinct().ToArray();
        foreach (var size in measurements.Select(m => m.Elements).Distinct())
        {
            var rows = measurements.Where(m => m.Elements == size).ToArray();
            int threads = rows[0].Threads;
            var table = new Table
            {
                Title = new TableTitle(
                    $"{SizeList.Format(size)} elements, {threads} thread{(threads == 1 ? "" : "s")}: "
                    + "ns per element (GB/s)"),
            };
            table.AddColumn("optimizer");
            table.AddColumn(new TableColumn("bytes/elem").RightAligned());
            foreach (var path in paths)
                table.AddColumn(
                    new TableColumn(path == KernelPath.Auto ? $"Auto={KernelPaths.Widest}" : path.ToString())
                        .RightAligned());
            bool speedup = paths.Contains(KernelPath.Scalar) && paths.Contains(KernelPath.Auto);
            if (speedup) table.AddColumn(new TableColumn("Auto vs scalar").RightAligned());
            foreach (var optimizer in rows.Select(m => m.Optimizer).Distinct())
            {
                var cells = new List<string>
                {
                    optimizer,
                    rows.First(m => m.Optimizer == optimizer).BytesPerElement.ToString(CultureInfo.InvariantCulture),
                };
                foreach (var path in paths)
                {
                    var m = rows.FirstOrDefault(x => x.Optimizer == optimizer && x.Path == path);
                    cells.Add(m is null ? "-" : Cell(m));
                }
                if (speedup)
                {
                    double scalar = rows.First(x => x.Optimizer == optimizer && x.Path == KernelPath.Scalar)
                        .NanosecondsPerElement;
                    double auto = rows.First(x => x.Optimizer == optimizer && x.Path == KernelPath.Auto)
                        .NanosecondsPerElement;
                    cells.Add((scalar / auto).ToString("F1", CultureInfo.InvariantCulture) + "x");
                }
                table.AddRow(cells.ToArray());
            }
            yield return table;
        }
    }
}
