using System.Diagnostics;

namespace SimdOpt.Tests.Cli;

/// <summary>
/// Runs the built <c>simdopt</c> in a process of its own, for what an in-process run cannot show: a memory limit of the
/// process, or a failure that would take the test host down with it.
/// </summary>
internal static class CliProcess
{
    /// <summary>Runs <c>simdopt</c> with <paramref name="args"/> and the extra environment
    /// <paramref name="environment"/>, waiting at most a minute.</summary>
    public static CliRun Run(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "SimdOpt.Cli.exe" : "SimdOpt.Cli"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"simdopt {string.Join(' ', args)} did not end within a minute.");
        }
        return new CliRun(process.ExitCode, output.Result, error.Result);
    }
}
