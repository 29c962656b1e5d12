using SimdOpt.Cli;

namespace SimdOpt.Tests.Cli;

/// <summary>The outcome of one in-process run of the <c>simdopt</c> command.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    /// <summary>Runs <c>simdopt</c> with <paramref name="args"/> through <see cref="CliApp.Run"/>, capturing both
    /// writers.</summary>
    public static CliRun Of(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Run(args, output, error);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    /// <summary>The lines of the error writer, without the final empty one.</summary>
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
