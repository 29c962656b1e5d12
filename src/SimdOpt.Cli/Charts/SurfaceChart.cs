using System.Globalization;
using ScottPlot;
using SimdOpt.Cli.Surfaces;

namespace SimdOpt.Cli.Charts;

/// <summary>One surface's contour lines with every optimizer's path drawn over them, the start and the landmark
/// marked.</summary>
internal static class SurfaceChart
{
    private const int GridSize = 160;

    /// <summary>Draws <paramref name="paths"/> (series colours in list order) into a PNG at <paramref name="file"/>;
    /// returns its full path.</summary>
    public static string Save(Surface surface, IReadOnlyList<(SurfacePath Path, PathVerdict Verdict)> paths,
        string file)
    {
        var plot = new Plot();
        var (xMin, xMax, yMin, yMax) = surface.Box;
        var contours = plot.Add.ContourLines(Grid(surface), surface.LogContours ? 24 : 16);
        contours.Colormap = null;
        contours.LineColor = Colors.Gray.WithAlpha(0.55);
        contours.LineWidth = 1;
        contours.LabelStyle.IsVisible = false;

        for (int i = 0; i < paths.Count; i++)
        {
            var (path, verdict) = paths[i];
            var color = ChartStyle.Series(i);
            var line = plot.Add.ScatterLine(path.Points.Select(p => p.X).ToArray(),
                path.Points.Select(p => p.Y).ToArray(), color);
            line.LineWidth = 2;
            line.LegendText =
                $"{path.Optimizer}: {verdict.Text}, {path.Steps.ToString(CultureInfo.InvariantCulture)} steps";
            if (double.IsFinite(path.End.X) && double.IsFinite(path.End.Y))
                plot.Add.Marker(path.End.X, path.End.Y, MarkerShape.FilledCircle, 7, color);
        }
        plot.Add.Marker(surface.Start.X, surface.Start.Y, MarkerShape.OpenCircle, 14, Colors.Black).LegendText =
            "start";
        plot.Add.Marker(surface.Landmark.X, surface.Landmark.Y, MarkerShape.FilledDiamond, 12, Colors.Black)
            .LegendText = surface.LandmarkName;

        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
        plot.Title($"{surface.Name}: f = {surface.Formula}\ngoal: {surface.GoalDescription}");
        plot.XLabel("x");
        plot.YLabel("y");
        plot.ShowLegend(Edge.Right);
        return ChartStyle.SavePng(plot, file, 1300, 900);
    }

    private static Coordinates3d[,] Grid(Surface surface)
    {
        var (xMin, xMax, yMin, yMax) = surface.Box;
        var grid = new Coordinates3d[GridSize, GridSize];
        for (int row = 0; row < GridSize; row++)
        {
            double y = yMin + (yMax - yMin) * row / (GridSize - 1);
            for (int column = 0; column < GridSize; column++)
            {
                double x = xMin + (xMax - xMin) * column / (GridSize - 1);
                double z = surface.Value(x, y);
                grid[row, column] = new Coordinates3d(x, y,
                    surface.LogContours ? Math.Log10(Math.Max(z, 0) + 1e-2) : z);
            }
        }
        return grid;
    }
}
