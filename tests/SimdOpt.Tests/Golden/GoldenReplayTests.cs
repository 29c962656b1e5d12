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

    /// <summary>There are exactly 25 cases, and they cover every optimizer SimdOpt ships.</summary>
    [Fact]
    public void Twenty_five_cases_cover_all_sixteen_optimizers()
    {
        var optimizers = GoldenFiles.Names.Select(name => GoldenCase.Parse(File.ReadAllText(GoldenFiles.PathOf(name))).Optimizer).ToArray();
        Assert.Equal(25, optimizers.Length);
        Assert.Equal(16, Registered.BuiltIn.Count);
        Assert.Equal(Registered.BuiltIn.Select(i => i.Name).Order(), optimizers.Distinct().Order());
    }

    /// <summary>
    /// The committed copies hold the shared golden folder, file for file and byte for byte, and besides it only cases
    /// of the second set (../shared/golden2, for the optimizers shipped since), each equal to its source — checked only
    /// where ../shared/golden exists, since a fresh clone has just the copies.
    /// </summary>
    [Fact]
    public void Copies_equal_the_shared_cases_when_present()
    {
        string shared = RepositoryPaths.SharedGolden;
        if (!Directory.Exists(shared)) return;
        var names = Directory.GetFiles(shared).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        var copies = Directory.GetFiles(RepositoryPaths.GoldenCopies).Select(Path.GetFileName).Where(n => n!.EndsWith(".json", StringComparison.Ordinal) || n == "README.md").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(names, copies.Intersect(names));
        string second = Path.Combine(Path.GetDirectoryName(shared)!, "golden2");
        foreach (var name in copies)
        {
            string source = names.Contains(name) ? Path.Combine(shared, name!) : Path.Combine(second, name!);
            Assert.True(File.Exists(source), name + " is in neither shared golden folder.");
            Assert.True(File.ReadAllBytes(source).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(RepositoryPaths.GoldenCopies, name!))), name + " differs from the shared copy.");
        }
    }
}
