namespace SimdOpt.Generators.Tests.Infrastructure;

/// <summary>Folders of the repository the tests read sources from (the shipped specs, the runtime sources, the
/// snapshots).</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder that holds SimdOpt.sln.</summary>
    public static string Root => LazyRoot.Value;

    public static string Optimizers => Path.Combine(Root, "src", "SimdOpt", "Optimizers");

    public static string RuntimeSources => Path.Combine(Root, "src", "SimdOpt");

    /// <summary>Where snapshots are committed (written there when SIMDOPT_UPDATE_SNAPSHOTS=1).</summary>
    public static string ExpectedSources => Path.Combine(Root, "tests", "SimdOpt.Generators.Tests", "Expected");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "SimdOpt.sln"))) return directory.FullName;
        throw new InvalidOperationException($"No SimdOpt.sln above {AppContext.BaseDirectory}: the tests read the repository's sources.");
    }
}
