using System.Text.RegularExpressions;
using SimdOpt.Cli.Replay;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Golden;

/// <summary>The golden torch.optim trajectories pass through the CLI's replayer, and the copies are complete.</summary>
public sealed class GoldenReplayTests
{
    /// <summary>One case file replays to PASS.</summary>
    [Theory]
    [MemberData(nameof(GoldenFiles.Cases), MemberType = typeof(GoldenFiles))]
    public void Case_passes(string file)
    {
        var result = GoldenReplayer.Run(GoldenFiles.PathOf(file));
        Assert.True(result.Passed, $"{file}: {result.Reason}");
        Assert.Null(result.Reason);
    }

    /// <summary>
    /// Every case names an optimizer SimdOpt ships, and every optimizer SimdOpt ships but Sophia has a case: the 20
    /// torch.optim cases of ../shared/golden and the cases of ../shared/golden2 whose optimizers ship.
    /// </summary>
    [Fact]
    public void The_cases_cover_every_shipped_optimizer()
    {
        var optimizers = GoldenFiles.Names.Select(name => GoldenCase.Parse(File.ReadAllText(GoldenFiles.PathOf(name))).Optimizer).ToArray();
        // Sophia-G has no torch implementation and no golden case: its hand-written reference holds it.
        string[] withoutGolden = ["sophia"];
        Assert.Equal(Registered.BuiltIn.Select(i => i.Name).Except(withoutGolden).Order(),
            optimizers.Distinct().Order());
    }

    /// <summary>
    /// The committed copies equal the shared files they were copied from, byte for byte: every file of
    /// ../shared/golden (its README.md as README.md), and of ../shared/golden2 its README (as README-golden2.md) and
    /// the cases the copies hold — checked only where the shared folders exist, since a fresh clone has just the
    /// copies.
    /// </summary>
    [Fact]
    public void Copies_equal_the_shared_cases_when_present()
    {
        string shared = RepositoryPaths.SharedGolden, shared2 = RepositoryPaths.SharedGolden2;
        if (!Directory.Exists(shared) || !Directory.Exists(shared2)) return;
        var origins = Directory.GetFiles(shared).ToDictionary(f => Path.GetFileName(f), StringComparer.Ordinal);
        origins[Golden2Readme] = Path.Combine(shared2, "README.md");
        var copies = Directory.GetFiles(RepositoryPaths.GoldenCopies).Select(f => Path.GetFileName(f))
            .Where(n => n.EndsWith(".json", StringComparison.Ordinal)
                || n.StartsWith("README", StringComparison.Ordinal))
            .ToArray();
        // The cases this repository makes itself (README-schedulefree.md names them) have no shared origin.
        string own = File.ReadAllText(Path.Combine(RepositoryPaths.GoldenCopies, OwnCasesReadme));
        copies = copies.Where(n => n != OwnCasesReadme && !IsOwnCase(n, own)).ToArray();
        foreach (var name in copies.Where(n => !origins.ContainsKey(n)))
        {
            string second = Path.Combine(shared2, name);
            Assert.True(File.Exists(second), name + " is in neither ../shared/golden nor ../shared/golden2.");
            origins[name] = second;
        }
        Assert.Equal(origins.Keys.Order(StringComparer.Ordinal), copies.Order(StringComparer.Ordinal));
        foreach (var (name, origin) in origins)
        {
            var copy = File.ReadAllBytes(Path.Combine(RepositoryPaths.GoldenCopies, name));
            Assert.True(File.ReadAllBytes(origin).AsSpan().SequenceEqual(copy), name + " differs from " + origin + ".");
        }
    }

    /// <summary>The side file that lists the cases made in this repository, with the script that makes them.</summary>
    private const string OwnCasesReadme = "README-schedulefree.md";

    // A case the side file's table lists by number and optimizer ("| 28 | schedulefree_adamw |" lists
    // 28_schedulefree_adamw.json and 28_schedulefree_adamw_<settings>.json).
    private static bool IsOwnCase(string name, string readme) =>
        Regex.Matches(readme, @"^\| (\d+) \| (\w+) \|", RegexOptions.Multiline)
            .Select(row => row.Groups[1].Value + "_" + row.Groups[2].Value)
            .Any(prefix => name == prefix + ".json" || name.StartsWith(prefix + "_", StringComparison.Ordinal));

    /// <summary>The name of the copy of ../shared/golden2/README.md beside ../shared/golden's README.md.</summary>
    private const string Golden2Readme = "README-golden2.md";
}
