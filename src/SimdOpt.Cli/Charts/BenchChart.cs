using ScottPlot;
using SimdOpt.Cli.Bench;
using SimdOpt.Cli.Options;

namespace SimdOpt.Cli.Charts;

/// <summary>The SIMD comparison as grouped bars: one panel per size, one group per optimizer, one bar per code path, in
/// GB/s.</summary>
internal static class BenchChart
{
    /// <summary>Draws <paramref name="measurements"/> into a PNG at <paramref name="path"/>; returns its full
    /// path.</summary>
    public static string Save(IReadOnlyList<BenchMeasurement> measurements, string path)
    {
        var sizes = measurements.Select(m => m.Elements).Distinct().ToArray();
        var optimizers = measurements.Select(m => m.Optimizer).Distinct().ToArray();
        var paths = measurements.Select(m => m.Path).Distinct().ToArray();
        var multiplot = ChartStyle.Rows(sizes.Length);
        int threads = measurements.Count == 0 ? 1 : measurements[0].Threads;
        for (int panel = 0; panel < sizes.Length; panel++)
        {
            int size = sizes[panel];
            var plot = multiplot.GetPlot(panel);
            for (int j = 0; j < paths.Length; j++)
            {
                var bars = new List<Bar>();
                for (int i = 0; i < optimizers.Length; i++)
                {
                    var m = measurements.FirstOrDefault(x => x.Elements == size && x.Optimizer == optimizers[i]
                        && x.Path == paths[j]);
                    if (m is null) continue;
                    bars.Add(new Bar
                    {
                        Position = i * (paths.Length + 1) + j,
                        Value = m.GigabytesPerSecond,
                        FillColor = ChartStyle.Series(j),
                        LineWidth = 0,
                    });
                }
                var plottable = plot.Add.Bars(bars);
                plottable.LegendText = paths[j].ToString();
            }
            var ticks = new ScottPlot.TickGenerators.NumericManual();
            for (int i = 0; i < optimizers.Length; i++)
                ticks.AddMajor(i * (paths.Length + 1) + (paths.Length - 1) / 2.0, optimizers[i]);
            plot.Axes.Bottom.TickGenerator = ticks;
            plot.Axes.Margins(bottom: 0);
            plot.Title($"{SizeList.Format(size)} elements (float), {threads} thread{(threads == 1 ? "" : "s")}: "
                + "GB/s moved by one step, higher is better");
            plot.YLabel("GB/s");
            plot.ShowLegend(Edge.Right);
        }
        return ChartStyle.SavePng(multiplot, path, Width(optimizers.Length), 380 * Math.Max(1, sizes.Length));
    }

    /// <summary>The picture's width for <paramref name="optimizers"/> groups of bars: wide enough that labels never
    /// overlap.</summary>
    public static int Width(int optimizers) => Math.Max(1000, 110 * optimizers);
}
