using System.Globalization;
using SimdOpt.Cli.Charts;
using SimdOpt.Cli.Output;
using SimdOpt.Cli.Surfaces;
using Spectre.Console;

namespace SimdOpt.Cli.Demo;

/// <summary>Part 1: every optimizer from the same start on Rosenbrock, Beale and the saddle; a picture and a table per
/// surface.</summary>
internal static class SurfacesPart
{
    /// <summary>One optimizer's run on one surface, judged.</summary>
    public sealed record Result(DemoOptimizer Optimizer, SurfacePath Path, PathVerdict Verdict);

    /// <summary>Runs every optimizer on <paramref name="surface"/>.</summary>
    public static IReadOnlyList<Result> Run(Surface surface, IReadOnlyList<DemoOptimizer> optimizers)
    {
        var results = new List<Result>();
        foreach (var optimizer in optimizers)
        {
            var path = SurfaceRunner.Run(surface, optimizer.Label, optimizer.ForSurfaces());
            results.Add(new Result(optimizer, path, PathVerdict.Of(path)));
        }
        return results;
    }

    /// <summary>Runs the part: returns the pictures written.</summary>
    public static IReadOnlyList<string> Run(DemoContext context)
    {
        var console = context.Console;
        console.Write(new Rule("1. Optimizers on surfaces"));
        console.WriteLine("Every optimizer starts at the same point; its kernel (OptimizerState<double>) takes each "
            + "step from the gradient. Verdicts:");
        console.WriteLine("  converged/escaped = reached the goal; diverged = non-finite or beyond 100x the box;");
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  stalled = over its final {Percent(PathVerdict.StallWindow)} of steps it closed "
            + $"< {Percent(PathVerdict.StallProgress)} of the remaining distance; moving = still closing in;"));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  oscillates = at least {Percent(PathVerdict.OscillationShare)} of its turns reverse direction "
            + $"(consecutive steps with a negative dot product)."));
        var files = new List<string>();
        var surfaces = Surface.All;
        var all = ProgressDisplay.Run(console, "Descending the surfaces", surfaces.Count, tick =>
            surfaces.Select(surface =>
            {
                var results = Run(surface, context.Optimizers);
                tick();
                return (surface, results);
            }).ToArray());
        foreach (var (surface, results) in all)
        {
            string file = SurfaceChart.Save(surface, results.Select(r => (r.Path, r.Verdict)).ToArray(),
                context.FilePath($"surface-{surface.Name}.png"));
            files.Add(file);
            console.WriteLine();
            console.WriteLine($"{surface.Name}: f = {surface.Formula}; goal: {surface.GoalDescription}");
            console.Write(Table(surface, results));
            console.WriteLine(Summary(results));
        }
        return files;
    }

    /// <summary>Who did what on one surface, a line per outcome, e.g. <c>escaped: adam, rmsprop</c>, and one for the
    /// oscillating.</summary>
    public static string Summary(IReadOnlyList<Result> results)
    {
        var groups = results.GroupBy(r => r.Verdict.Outcome)
            .Select(g => "  " + g.Key + ": " + string.Join(", ", g.Select(r => r.Optimizer.Label)));
        var oscillating = results.Where(r => r.Verdict.Oscillates).Select(r => r.Optimizer.Label).ToArray();
        return string.Join(Environment.NewLine,
            oscillating.Length == 0 ? groups : groups.Append("  oscillates: " + string.Join(", ", oscillating)));
    }

    /// <summary>The table of one surface: where each optimizer ended, after how many steps, and the verdict.</summary>
    public static Table Table(Surface surface, IReadOnlyList<Result> results)
    {
        var table = new Table
        {
            Title = new TableTitle(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"{surface.Name}: start ({surface.Start.X}, {surface.Start.Y}), at most {surface.StepBudget} steps"))),
        };
        table.AddColumn("optimizer");
        table.AddColumn(new TableColumn("lr").RightAligned());
        table.AddColumn(new TableColumn("end x").RightAligned());
        table.AddColumn(new TableColumn("end y").RightAligned());
        table.AddColumn(new TableColumn("f(end)").RightAligned());
        table.AddColumn(new TableColumn("steps").RightAligned());
        table.AddColumn(new TableColumn("reversals").RightAligned());
        table.AddColumn("verdict");
        foreach (var r in results)
        {
            var (x, y) = r.Path.End;
            table.AddRow(
                Markup.Escape(r.Optimizer.Label),
                Number(r.Optimizer.EffectiveSurfaceLr),
                Number(x),
                Number(y),
                Number(surface.Value(x, y)),
                r.Path.Steps.ToString(CultureInfo.InvariantCulture),
                Percent(r.Verdict.ReversalShare),
                r.Verdict.Text);
        }
        return table;
    }

    /// <summary>A share as a whole percentage, e.g. <c>25%</c>.</summary>
    public static string Percent(double share) => (100 * share).ToString("F0", CultureInfo.InvariantCulture) + "%";

    /// <summary>A coordinate or value as the table prints it: 6 significant digits, invariant culture.</summary>
    public static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
