namespace SimdOpt.Tests.Support;

/// <summary>The golden torch.optim cases copied next to the tests (tests/SimdOpt.Tests/Golden/*.json).</summary>
public static class GoldenFiles
{
    /// <summary>The folder of the copies in the test output.</summary>
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Golden");

    /// <summary>Every case file, by name, in ordinal order.</summary>
    public static IReadOnlyList<string> Names =>
        Directory.GetFiles(Folder, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    /// <summary>Every case file's name, as theory data.</summary>
    public static TheoryData<string> Cases
    {
        get
        {
            var cases = new TheoryData<string>();
            foreach (var name in Names) cases.Add(name);
            return cases;
        }
    }

    /// <summary>The path of the case file <paramref name="name"/>.</summary>
    /// <param name="name">The file's name.</param>
    public static string PathOf(string name) => Path.Combine(Folder, name);
}
