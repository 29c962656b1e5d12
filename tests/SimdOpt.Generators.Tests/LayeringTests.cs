using System.Text.RegularExpressions;
using SimdOpt.Generators.Tests.Infrastructure;

namespace SimdOpt.Generators.Tests;

/// <summary>
/// The generator's stages depend one way: Parsing, then Analysis, then Emit, each on the shared Language and Model
/// folders and on no later stage, so a stage can be read (and changed) without the ones after it.
/// </summary>
public sealed partial class LayeringTests
{
    private static string GeneratorSources => Path.Combine(RepositoryPaths.Root, "generators", "SimdOpt.Generators");

    public static TheoryData<string, string[]> Folders => new()
    {
        { "Model", [] },
        { "Language", ["Model"] },
        { "Parsing", ["Language", "Model"] },
        { "Analysis", ["Language", "Model"] },
        { "Emit", ["Language", "Model"] },
    };

    [Theory]
    [MemberData(nameof(Folders))]
    public void A_folder_uses_only_the_folders_before_it(string folder, string[] allowed)
    {
        var files = Directory.GetFiles(Path.Combine(GeneratorSources, folder), "*.cs", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        var offending = files
            .SelectMany(file => GeneratorNamespace().Matches(File.ReadAllText(file))
                .Select(match => match.Groups[1].Value)
                .Where(used => used != folder && !allowed.Contains(used))
                .Select(used => Path.GetFileName(file) + " uses SimdOpt.Generators." + used))
            .Distinct()
            .ToArray();
        Assert.Empty(offending);
    }

    [GeneratedRegex(@"SimdOpt\.Generators\.(\w+)")]
    private static partial Regex GeneratorNamespace();
}
