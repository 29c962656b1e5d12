namespace SimdOpt.Tests.Cli;

/// <summary>One run of <c>simdopt demo --quick</c> into a temporary folder, shared by the tests that read it.</summary>
public sealed class QuickDemo : IDisposable
{
    public QuickDemo()
    {
        Folder = Path.Combine(Path.GetTempPath(), "simdopt-demo-test-" + Guid.NewGuid().ToString("N"));
        Run = CliRun.Of("demo", "--quick", "--output", Folder);
        Tables = TextTable.ParseAll(Run.Output);
    }

    /// <summary>The folder the demo wrote to.</summary>
    public string Folder { get; }

    /// <summary>What the demo printed.</summary>
    internal CliRun Run { get; }

    /// <summary>Every table the demo printed.</summary>
    internal List<TextTable> Tables { get; }

    public void Dispose()
    {
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }
}
