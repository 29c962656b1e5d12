using ScottPlot;

namespace SimdOpt.Cli.Charts;

/// <summary>What every chart of the CLI shares: series colours and writing the PNG.</summary>
internal static class ChartStyle
{
    private static readonly Color[] Colors = Order(new ScottPlot.Palettes.Category20().Colors);

    /// <summary>The colour of series <paramref name="index"/>: the ten strong Category20 colours first, then their
    /// light partners.</summary>
    public static Color Series(int index) => Colors[index % Colors.Length];

    /// <summary>A figure of <paramref name="count"/> plots stacked in rows (at least one).</summary>
    public static Multiplot Rows(int count)
    {
        var multiplot = new Multiplot { Layout = new ScottPlot.MultiplotLayouts.Rows() };
        multiplot.AddPlots(Math.Max(1, count));   // sets the number of plots (a new Multiplot already holds one)
        return multiplot;
    }

    /// <summary>Renders <paramref name="multiplot"/> to a PNG file at <paramref name="path"/>, creating its folder;
    /// returns the full path.</summary>
    public static string SavePng(Multiplot multiplot, string path, int width, int height)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        multiplot.SavePng(full, width, height);
        return full;
    }

    /// <summary>Renders <paramref name="plot"/> to a PNG file at <paramref name="path"/>, creating its folder; returns
    /// the full path.</summary>
    public static string SavePng(Plot plot, string path, int width, int height)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        plot.SavePng(full, width, height);
        return full;
    }

    private static Color[] Order(Color[] category20) =>
        category20.Where((_, i) => i % 2 == 0).Concat(category20.Where((_, i) => i % 2 == 1)).ToArray();
}
