using System.Runtime.InteropServices;
using SimdOpt.Cli.Replay;
using SimdOpt.Tests.Cli;

namespace SimdOpt.Tests.Golden;

/// <summary>
/// A case passes only when it checks something and checks it within a finite error; what is not a case file (a FIFO,
/// a device, a huge file) is a FAIL, read without hanging or exhausting memory.
/// </summary>
public sealed class ReplayTrustTests
{
    private const string Sgd = ReplayFailureTests.Sgd;

    public static TheoryData<string, string> CasesThatCheckNothing => new()
    {
        { Sgd.Replace("[[0.75, 2.5]]", "[[1e400, 2.5]]"), "'expected[0]' holds 1e400 at index 0, which is not finite in double precision" },
        { Sgd.Replace("[[0.75, 2.5]]", "[[-1e999, 2.5]]"), "which is not finite" },
        { Sgd.Replace("\"params\": [1, 2]", "\"params\": [1e309, 2]"), "'params' holds 1e309 at index 0, which is not finite" },
        { Sgd.Replace("\"grads\": [[0.5, -1]]", "\"grads\": [[0.5, 1e400]]"), "'grads[0]' holds 1e400 at index 1" },
        { Sgd.Replace("\"dtype\": \"float32\"", "\"dtype\": 32"), "'dtype' is not a JSON string" },
        { Sgd.Replace("\"dtype\": \"float32\"", "\"dtype\": null"), "'dtype' is not a JSON string" },
        { Sgd.Replace("\"grads\": [[0.5, -1]], \"expected\": [[0.75, 2.5]]", "\"grads\": [], \"expected\": []"), "'grads' is empty: a case needs at least one step" },
        { Sgd.Replace("\"params\": [1, 2], \"grads\": [[0.5, -1]], \"expected\": [[0.75, 2.5]]", "\"params\": [], \"grads\": [[]], \"expected\": [[]]"), "'params' is empty" },
    };

    [Theory]
    [MemberData(nameof(CasesThatCheckNothing))]
    public void A_case_that_would_check_nothing_fails(string json, string reason)
    {
        using var folder = new TemporaryFolder();
        var result = GoldenReplayer.Run(folder.Write("case.json", json));
        Assert.False(result.Passed);
        Assert.Contains(reason, result.Reason);
    }

    [Fact]
    public void A_missing_dtype_is_still_float32()
    {
        using var folder = new TemporaryFolder();
        Assert.True(GoldenReplayer.Run(folder.Write("case.json", Sgd.Replace("\"dtype\": \"float32\", ", ""))).Passed);
    }

    [Fact]
    public void An_infinite_error_never_passes()
    {
        // p = 1 - 0.5 · 1e38 · 1e300 overflows in float64 to -inf; the expected value is finite.
        using var folder = new TemporaryFolder();
        string json = """{"optimizer": "sgd", "hyperparameters": {"lr": 1e300}, "dtype": "float64", "params": [1], "grads": [[1e300]], "expected": [[1]]}""";
        var result = GoldenReplayer.Run(folder.Write("case.json", json));
        Assert.False(result.Passed);
        Assert.Equal(double.PositiveInfinity, result.MaxError);
    }

    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MakeFifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);

    [Fact]
    public void A_folder_holding_a_fifo_a_device_link_and_a_huge_file_is_replayed_without_hanging()
    {
        using var folder = new TemporaryFolder();
        folder.Write("a_sgd.json", Sgd);
        Assert.Equal(0, MakeFifo(Path.Combine(folder.Path, "x.json"), 0x1B6));   // 0666
        File.CreateSymbolicLink(Path.Combine(folder.Path, "zero.json"), "/dev/zero");
        using (var huge = File.Create(Path.Combine(folder.Path, "huge.json"))) huge.SetLength(CaseFile.MaxBytes + 1L);

        // In a process of its own: before the fix the FIFO blocked the read forever and /dev/zero exhausted memory.
        var run = CliProcess.Run(new Dictionary<string, string>(), "replay", folder.Path);

        Assert.Equal(1, run.ExitCode);
        string[] lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("PASS  a_sgd.json", lines[0]);
        Assert.Equal("FAIL  huge.json  max error - at step 0  larger than 16 MiB, far above any case", lines[1]);
        Assert.Equal("FAIL  x.json  max error - at step 0  not a regular file (a FIFO, device or socket is never read as a case)", lines[2]);
        Assert.Equal("FAIL  zero.json  max error - at step 0  not a regular file (a FIFO, device or socket is never read as a case)", lines[3]);
        Assert.Equal("1 passed, 3 failed", lines[4]);
    }
}
