namespace SimdOpt.Benchmarks.Reporting;

/// <summary>
/// The machine a run was measured on, as BenchmarkDotNet's own report header names it (the CPU line and the host
/// runtime's line), so every generated table says where it comes from, and a rerun elsewhere says so by itself.
/// </summary>
internal static class RunMachine
{
    /// <summary>One sentence naming the CPU, the runtime and whether the JIT used AVX-512; null when the folder holds no
    /// BenchmarkDotNet markdown report.</summary>
    /// <param name="folder">BenchmarkDotNet's results folder.</param>
    public static string? Describe(string folder)
    {
        string? report = Directory.EnumerateFiles(folder, "*-report-github.md").Order(StringComparer.Ordinal)
            .FirstOrDefault();
        if (report is null) return null;
        // The header: a code fence, a blank line, the BenchmarkDotNet and OS line, the CPU line, the SDK line, one line per job.
        var header = File.ReadLines(report).SkipWhile(l => !l.StartsWith("```", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(l => !l.StartsWith("```", StringComparison.Ordinal)).Where(l => l.Length > 0).ToArray();
        if (header.Length < 2) return null;
        string cpu = header[1].Trim();
        string? host = header.FirstOrDefault(l => l.TrimStart().StartsWith("[Host]", StringComparison.Ordinal))?.Trim();
        string runtime = host is null ? "" : "; " + host["[Host]".Length..].TrimStart(' ', ':');
        string vectors = runtime.Contains("x86-64-v4", StringComparison.Ordinal)
            || runtime.Contains("AVX-512", StringComparison.Ordinal) ? " (AVX-512)"
            : runtime.Contains("x86-64-v3", StringComparison.Ordinal) ? " (x86-64-v3: AVX2, no AVX-512)" : "";
        return "Measured on: " + cpu + runtime + vectors + ", as BenchmarkDotNet's report names it.";
    }
}
