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

    /// <summary>There are exactly 20 cases, and they cover every optimizer SimdOpt ships.</summary>
    [Fact]
    public void Twenty_cases_cover_all_eleven_optimizers()
    {
        var optimizers = GoldenFiles.Names.Select(name => GoldenCase.Parse(File.ReadAllText(GoldenFiles.PathOf(name))).Optimizer).ToArray();
        Assert.Equal(20, optimizers.Length);
        // Sophia-G has no torch implementation, so no golden case: its hand-written reference holds it.
        string[] withoutTorch = ["sophia"];
        var inTorch = Registered.BuiltIn.Select(i => i.Name).Except(withoutTorch).ToArray();
        Assert.Equal(11, inTorch.Length);
        Assert.Equal(inTorch.Order(), optimizers.Distinct().Order());
    }

    /// <summary>
    /// The committed copies equal the shared golden folder, file for file and byte for byte — checked only where
    /// ../shared/golden exists, since a fresh clone has just the copies.
    /// </summary>
    [Fact]
    public void Copies_equal_the_shared_cases_when_present()
    {
        string shared = RepositoryPaths.SharedGolden;
        if (!Directory.Exists(shared)) return;
        var names = Directory.GetFiles(shared).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        var copies = Directory.GetFiles(RepositoryPaths.GoldenCopies).Select(Path.GetFileName).Where(n => n!.EndsWith(".json", StringComparison.Ordinal) || n == "README.md").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(names, copies);
        foreach (var name in names)
            Assert.True(File.ReadAllBytes(Path.Combine(shared, name!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(RepositoryPaths.GoldenCopies, name!))), name + " differs from the shared copy.");
    }
}
