using System.Globalization;
using Spectre.Console;

namespace SimdOpt.Cli.Bench;

/// <summary>
/// The measurements of <c>simdopt bench --tensors</c> as one table per optimizer: a row per layout and memory, with
/// the time of a whole step, ns per element, GB/s, and how much slower or faster per element than the first row.
/// </summary>
internal static class TensorBenchTable
{
    /// <summary>What the first row's own "against" cell shows: it is the reference.</summary>
    public const string Reference = "–";

    /// <summary>The header of the comparison column: <c>against</c> and the first row's layout, e.g. <c>against
    /// 1x1M</c>.</summary>
    public static string AgainstHeader(TensorLayout first) => "against " + first;

    /// <summary>A ratio against the first row as a signed whole percentage: 1.04 is <c>+4%</c>, 0.98 is <c>-2%</c>,
    /// anything that rounds to 0 is <c>±0%</c>.</summary>
    public static string Percentage(double againstFirst) =>
        (againstFirst - 1).ToString("+0%;-0%;±0%", CultureInfo.InvariantCulture);

    /// <summary>Milliseconds with three significant digits and no exponent: <c>20.1</c>, <c>0.312</c>,
    /// <c>0.000312</c>.</summary>
    public static string Milliseconds(double ms)
    {
        int decimals = ms > 0 && double.IsFinite(ms) ? Math.Clamp(2 - (int)Math.Floor(Math.Log10(ms)), 0, 6) : 3;
        return ms.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>One table per optimizer, in the order the optimizers were measured.</summary>
    public static IEnumerable<Table> Build(IReadOnlyList<TensorMeasurement> measurements)
    {
        foreach (var optimizer in measurements.Select(m => m.Optimizer).Distinct())
        {
            var rows = measurements.Where(m => m.Optimizer == optimizer).ToArray();
            int threads = rows[0].Threads;
            var table = new Table
            {
                Title = new TableTitle(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"{optimizer}: Optimizer<float>.Step(), {threads} thread{(threads == 1 ? "" : "s")}, "
                    + $"{rows[0].BytesPerElement} bytes/elem"))),
            };
            table.AddColumn("layout");
            table.AddColumn("memory");
            table.AddColumn(new TableColumn("ms/step").RightAligned());
            table.AddColumn(new TableColumn("ns/elem").RightAligned());
            table.AddColumn(new TableColumn("GB/s").RightAligned());
            table.AddColumn(new TableColumn(Markup.Escape(AgainstHeader(rows[0].Layout))).RightAligned());
            for (int i = 0; i < rows.Length; i++)
            {
                var m = rows[i];
                table.AddRow(
                    Markup.Escape(m.Layout.ToString()),
                    Markup.Escape(m.Memory.Label()),
                    Milliseconds(m.MillisecondsPerStep),
                    m.NanosecondsPerElement.ToString("F3", CultureInfo.InvariantCulture),
                    m.GigabytesPerSecond.ToString("F1", CultureInfo.InvariantCulture),
                    i == 0 ? Reference : Percentage(m.AgainstFirst));
            }
            yield return table;
        }
    }
}
