namespace SimdOpt.Tests.Cli;

/// <summary>Runs that cannot succeed for lack of memory or of a writable folder are refused before they start: one
/// line, exit code 2.</summary>
public class ResourceCheckTests
{
    // A GC heap limit of 256 MiB, as a container's memory limit would set it.
    private static readonly Dictionary<string, string> SmallHeap = new() { ["DOTNET_GCHeapHardLimit"] = "0x10000000" };

    [Theory]
    [InlineData("bench", "--sizes", "2047M", "--runs", "1", "--min-time-ms", "0")]
    [InlineData("bench", "--tensors", "2047x1M", "--runs", "1", "--min-time-ms", "0")]
    [InlineData("demo", "--quick", "--part", "simd", "--sizes", "1K,512M")]
    public void A_run_that_does_not_fit_in_memory_is_refused_with_one_line(params string[] args)
    {
        using var folder = new Golden.TemporaryFolder();
        var run = CliProcess.Run(SmallHeap, args[0] == "demo" ? [.. args, "--output", folder.Path] : args);
        Assert.Equal(2, run.ExitCode);
        string line = Assert.Single(run.ErrorLines);
        Assert.Matches(@"^simdopt: .* needs about \d+\.\d GiB of memory, but 256\.0 MiB is available here; choose (smaller|fewer) ", line);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public void The_estimate_counts_placements_and_every_state_buffer()
    {
        var run = CliRun.Of("bench", "--tensors", "1000x1M", "--placements", "1000", "--optimizer", "adamw");
        Assert.Equal(2, run.ExitCode);
        // adamw: values, gradients and 3 state buffers of 4 bytes, 2 memories of 1000 x 1M elements, 1000 placements.
        Assert.StartsWith("simdopt: bench --tensors 1000x1M with --placements 1000 needs about 39062.5 GiB of memory", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public void A_demo_into_a_folder_that_cannot_be_written_stops_before_it_runs()
    {
        using var folder = new UnwritableFolder();
        var run = CliRun.Of("demo", "--quick", "--part", "surfaces", "--output", folder.Path);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"simdopt: --output: cannot write files in the folder '{folder.Path}'", Assert.Single(run.ErrorLines));
        Assert.Equal("", run.Output);
    }
}
