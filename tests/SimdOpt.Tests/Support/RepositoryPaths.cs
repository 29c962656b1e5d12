namespace SimdOpt.Tests.Support;

/// <summary>Folders of the source tree, found from the test output by walking up to SimdOpt.sln.</summary>
internal static class RepositoryPaths
{
    /// <summary>The folder that holds SimdOpt.sln.</summary>
    public static string Root
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
                if (File.Exists(Path.Combine(folder.FullName, "SimdOpt.sln"))) return folder.FullName;
            throw new DirectoryNotFoundException("No SimdOpt.sln above " + AppContext.BaseDirectory + ".");
        }
    }

    /// <summary>The committed golden copies, tests/SimdOpt.Tests/Golden.</summary>
    public static string GoldenCopies => Path.Combine(Root, "tests", "SimdOpt.Tests", "Golden");

    /// <summary>The shared golden cases next to the repository (../shared/golden), which a fresh clone does not
    /// have.</summary>
    public static string SharedGolden => Path.GetFullPath(Path.Combine(Root, "..", "shared", "golden"));

    /// <summary>The second shared set (../shared/golden2): optimizers users adopted since 2023, copied into the
    /// repository's golden folder case by case as they ship.</summary>
    public static string SharedGolden2 => Path.GetFullPath(Path.Combine(Root, "..", "shared", "golden2"));
}
