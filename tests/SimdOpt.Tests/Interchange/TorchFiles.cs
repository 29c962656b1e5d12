using System.Diagnostics;
using System.Text.Json;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Interchange;

/// <summary>The files PyTorch made for the interchange tests (TorchFiles/, written by make_torch_files.py), and
/// whether a Python with torch is here to run more.</summary>
internal static class TorchFiles
{
    public static string Folder => Path.Combine(RepositoryPaths.Root, "tests", "SimdOpt.Tests", "Interchange",
        "TorchFiles");

    public static string PathOf(string name) => Path.Combine(Folder, name);

    public static JsonDocument Json(string name) => JsonDocument.Parse(File.ReadAllBytes(PathOf(name)));

    /// <summary>The first Python that imports torch — <c>$SIMDOPT_PYTHON</c>, then <c>python3</c> on the PATH, then
    /// <c>/usr/bin/python3</c> (Debian's python3-torch) — and why none does when it is null.</summary>
    public static readonly Lazy<(string? Python, string Reason)> TorchPython = new(() =>
    {
        var reasons = new List<string>();
        foreach (string? candidate in new[] { Environment.GetEnvironmentVariable("SIMDOPT_PYTHON"), "python3",
            "/usr/bin/python3" }.Distinct())
        {
            if (string.IsNullOrEmpty(candidate)) continue;
            try
            {
                var (exitCode, _, error) = Python.Run(candidate, "-c \"import torch\"", Path.GetTempPath());
                if (exitCode == 0) return (candidate, "");
                reasons.Add($"{candidate}: {error.Trim().Split('\n')[^1]}");
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                reasons.Add($"{candidate}: {e.Message}");
            }
        }
        return (null, string.Join("; ", reasons));
    });
}

/// <summary>Runs a Python.</summary>
internal static class Python
{
    public static (int ExitCode, string Output, string Error) Run(string python, string arguments, string folder)
    {
        var start = new ProcessStartInfo(python, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }
}

/// <summary>A fact that needs python3 with torch: skipped, with the reason, where there is none (CI may lack
/// it).</summary>
internal sealed class TorchFactAttribute : FactAttribute
{
    public TorchFactAttribute()
    {
        if (TorchFiles.TorchPython.Value.Python is null)
            Skip = "Needs a Python with torch (1.13), and none imports it: " + TorchFiles.TorchPython.Value.Reason;
    }
}
