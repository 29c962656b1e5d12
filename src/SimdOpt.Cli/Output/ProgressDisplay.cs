using Spectre.Console;

namespace SimdOpt.Cli.Output;

/// <summary>
/// A progress bar for one long piece of work. On a terminal it is live; elsewhere Spectre.Console prints plain
/// progress lines instead, so redirected output and CI logs stay readable.
/// </summary>
internal static class ProgressDisplay
{
    /// <summary>Runs <paramref name="work"/>, which calls the action it is given once per finished unit of
    /// <paramref name="total"/>.</summary>
    public static T Run<T>(IAnsiConsole console, string description, int total, Func<Action, T> work) =>
        console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(description), maxValue: Math.Max(1, total));
                var result = work(() => task.Increment(1));
                task.Value = task.MaxValue;
                return result;
            });
}
