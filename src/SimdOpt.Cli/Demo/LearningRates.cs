using System.Globalization;
using Spectre.Console;

namespace SimdOpt.Cli.Demo;

/// <summary>The demo's learning-rate table, printed before the parts so every number after it can be traced.</summary>
internal static class LearningRates
{
    /// <summary>One row per optimizer: settings changed from the defaults, the learning rates of each part, and
    /// why.</summary>
    public static Table Table(IReadOnlyList<DemoOptimizer> optimizers)
    {
        var table = new Table
        {
            Title = new TableTitle("Optimizers and learning rates "
                + "(every other hyperparameter at its registered default)"),
        };
        table.AddColumn("optimizer");
        table.AddColumn("settings");
        table.AddColumn(new TableColumn("surfaces lr").RightAligned());
        table.AddColumn(new TableColumn("training lr").RightAligned());
        table.AddColumn("why");
        foreach (var o in optimizers)
            table.AddRow(Markup.Escape(o.Label), Markup.Escape(o.SettingsText), Format(o.EffectiveSurfaceLr),
                Format(o.EffectiveTrainingLr), Markup.Escape(o.Reason));
        return table;
    }

    private static string Format(double lr) => double.IsNaN(lr) ? "-" : lr.ToString("R", CultureInfo.InvariantCulture);
}
