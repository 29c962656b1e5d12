using System.CommandLine;
using SimdOpt.Cli.Bench;
using SimdOpt.Cli.Checkpoints;
using SimdOpt.Cli.Demo;
using SimdOpt.Cli.Listing;
using SimdOpt.Cli.Replay;

namespace SimdOpt.Cli;

/// <summary>
/// The <c>simdopt</c> command: its subcommands, and one policy for bad arguments — a single line on the error
/// writer and exit code 2 — whether the parser or a command finds them.
/// </summary>
internal static class CliApp
{
    /// <summary>The exit code of a bad argument.</summary>
    public const int UsageError = 2;

    public static RootCommand Build(TextWriter output)
    {
        var root = new RootCommand(
            "SimdOpt: deep-learning optimizers declared with attributes, compiled into SIMD kernels.");
        root.Subcommands.Add(DemoCommand.Create(output));
        root.Subcommands.Add(ListCommand.Create(output));
        root.Subcommands.Add(BenchCommand.Create(output));
        root.Subcommands.Add(ReplayCommand.Create(output));
        root.Subcommands.Add(CheckpointCommand.Create(output));
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>, writing to the given writers; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = Build(output);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            error.WriteLine("simdopt: " + (UnknownCommand(root, parsed) ?? OneLine(parsed.Errors[0].Message))
                + " (see 'simdopt --help')");
            return UsageError;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration
            {
                Output = output,
                Error = error,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (UsageException e)
        {
            error.WriteLine("simdopt: " + OneLine(e.Message));
            return UsageError;
        }
    }

    /// <summary>
    /// A word where a command belongs, named as such: the parser's first error would be that no command was given, and
    /// the word only an unmatched token after it.
    /// </summary>
    private static string? UnknownCommand(RootCommand root, ParseResult parsed)
    {
        if (parsed.CommandResult.Command != root || parsed.UnmatchedTokens.Count == 0
            || parsed.UnmatchedTokens[0].StartsWith('-'))
            return null;
        return $"unknown command '{parsed.UnmatchedTokens[0]}'; the commands are "
            + $"{string.Join(", ", root.Subcommands.Select(c => c.Name))}.";
    }

    /// <summary>The message on one line: the parser words some errors over several (e.g. the list of accepted
    /// values).</summary>
    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n', '\t'],
            StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
