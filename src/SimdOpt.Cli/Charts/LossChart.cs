using System.Globalization;
using ScottPlot;
using SimdOpt.Cli.Learning;

namespace SimdOpt.Cli.Charts;

/// <summary>
/// Training-loss curves of one model: a panel per batch scheme (BGD, SGD, mini-batch), a line per optimizer, the loss
/// on a logarithmic axis shared by the panels so their heights compare.
/// </summary>
internal static class LossChart
{
    /// <summary>Draws <paramref name="results"/> (one model; series colours follow <paramref name="optimizers"/>) into
    /// a PNG; returns its full path.</summary>
    public static string Save(string model, IReadOnlyList<TrainingResult> results, IReadOnlyList<string> optimizers,
        int trainingImages, string file)
    {
        var losses = results.SelectMany(r => r.CurveLoss).Where(l => l > 0 && double.IsFinite(l)).DefaultIfEmpty(1)
            .ToArray();
        double bottom = Math.Floor(Math.Log10(losses.Min())), top = Math.Log10(Math.Min(losses.Max(), 10)) + 0.05;
        double right = results.Select(r => r.CurveEpochs.LastOrDefault()).DefaultIfEmpty(1).Max();
        var schemes = results.Select(r => r.Scheme).Distinct().ToArray();
        var multiplot = ChartStyle.Rows(schemes.Length);
        for (int panel = 0; panel < schemes.Length; panel++)
        {
            var scheme = schemes[panel];
            var plot = multiplot.GetPlot(panel);
            foreach (var r in results.Where(r => r.Scheme == scheme))
            {
                var points = r.CurveEpochs.Zip(r.CurveLoss).Where(p => p.Second > 0).ToArray();
                var line = plot.Add.ScatterLine(points.Select(p => p.First).ToArray(),
                    points.Select(p => Math.Log10(p.Second)).ToArray(),
                    ChartStyle.Series(Math.Max(0, IndexOf(optimizers, r.Optimizer))));
                line.LineWidth = 1.5f;
                line.LegendText = r.Diverged ? r.Optimizer + " (diverged)" : r.Optimizer;
            }
            var ticks = new ScottPlot.TickGenerators.NumericAutomatic
            {
                IntegerTicksOnly = true,
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                LabelFormatter = y => Math.Pow(10, y).ToString("G3", CultureInfo.InvariantCulture),
            };
            plot.Axes.Left.TickGenerator = ticks;
            plot.Axes.SetLimits(0, right, bottom, top);
            int batch = scheme.SizeFor(trainingImages);
            plot.Title(string.Create(CultureInfo.InvariantCulture,
                $"{model}, {scheme.Name}: {batch} image{(batch == 1 ? "" : "s")} per step "
                + $"({(trainingImages + batch - 1) / batch} "
                + $"step{((trainingImages + batch - 1) / batch == 1 ? "" : "s")} per epoch)"));
            plot.XLabel("epochs (passes over the training set)");
            plot.YLabel("training loss (log)");
            plot.ShowLegend(Edge.Right);
        }
        return ChartStyle.SavePng(multiplot, file, 1300, 420 * Math.Max(1, schemes.Length));
    }

    private static int IndexOf(IReadOnlyList<string> list, string item)
    {
        for (int i = 0; i < list.Count; i++)
            if (list[i] == item) return i;
        return -1;
    }
}
