using Spectre.Console;

namespace SimdOpt.Cli.Output;

/// <summary>
/// Spectre.Console over any <see cref="TextWriter"/>. A real terminal gets colours and live progress bars;
/// anything else (a file, a pipe, a test's <see cref="StringWriter"/>, CI) gets plain text, no escape codes,
/// the simple line-by-line progress display, and a fixed width wide enough for every table.
/// </summary>
internal static class Terminal
{
    /// <summary>The width of tables when the output is not a terminal.</summary>
    public const int RedirectedWidth = 160;

    /// <summary>A console writing to <paramref name="writer"/>.</summary>
    public static IAnsiConsole Create(TextWriter writer)
    {
        var output = new AnsiConsoleOutput(writer);
        bool terminal = output.IsTerminal;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = output,
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal) console.Profile.Width = RedirectedWidth;
        return console;
    }
}
