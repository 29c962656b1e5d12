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

    /// <summary>Why Python with torch cannot run here, or null when it can.</summary>
    public static readonly Lazy<string?> PythonMissing = new(() =>
    {
        try
        {
            var (exitCode, _, error) = Python.Run("-c \"import torch\"", Path.GetTempPath());
            return exitCode == 0 ? null : "python3 cannot import torch: " + error.Trim();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return "there is no python3: " + e.Message;
        }
    });
}

/// <summary>Runs <c>python3</c>.</summary>
internal static class Python
{
    public static (int ExitCode, string Output, string Error) Run(string arguments, string folder)
    {
        var start = new ProcessStartInfo("python3", arguments)
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
        if (TorchFiles.PythonMissing.Value is { } reason) Skip = "Needs python3 with torch (1.13): " + reason;
    }
}
