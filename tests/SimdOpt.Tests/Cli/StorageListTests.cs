using SimdOpt.Precision;

namespace SimdOpt.Tests.Cli;

/// <summary><c>simdopt list</c> ends with the storages a LowPrecisionOptimizer keeps buffers in.</summary>
public class StorageListTests
{
    [Fact]
    public void The_storages_are_listed_with_their_size_and_use()
    {
        var run = CliRun.Of("list");
        var table = Assert.Single(TextTable.ParseAll(run.Output), t => t.Title.StartsWith("storages", StringComparison.Ordinal));
        Assert.Equal(["storage", "bytes/elem", "for"], table.Header);
        Assert.Equal(Enum.GetNames<StorageKind>(), table.Rows.Select(r => r[0]));
        Assert.Equal(["4", "2", "2", "1.016"], table.Rows.Select(r => r[1]));
        Assert.Equal("state buffers (SignedDynamic or UnsignedDynamic code)", table.Rows[^1][2]);
    }
}
