using SimdOpt.Cli;
using SimdOpt.Cli.Replay;

namespace SimdOpt.Tests.Golden;

/// <summary><c>simdopt replay</c>: one line per case in file-name order, then "N passed, M failed"; exit code 0 only
/// when all pass.</summary>
public sealed class ReplayCommandTests
{
    /// <summary>A folder with a passing and a failing case: both lines, the totals, exit code 1.</summary>
    [Fact]
    public void A_failing_case_makes_exit_code_1()
    {
        using var folder = new TemporaryFolder();
        folder.Write("pass.json", ReplayFailureTests.Sgd);
        folder.Write("fail.json", ReplayFailureTests.Sgd.Replace("[[0.75, 2.5]]", "[[0.75, 2]]"));
        folder.Write("notes.txt", "not a case");
        var output = new StringWriter();

        int exit = ReplayCommand.Run([folder.Path], output);

        Assert.Equal(1, exit);
        Assert.Equal(
            [
                "FAIL  fail.json  max error 5.000E-01 at step 1  step 1, element 1: got 2.5, expected 2 (error 0.5)",
                "PASS  pass.json  max error 0.000E+00 at step 1",
                "1 passed, 1 failed",
            ],
            Lines(output));
    }

    /// <summary>Files named one by one, all passing: exit code 0.</summary>
    [Fact]
    public void All_passing_makes_exit_code_0()
    {
        using var folder = new TemporaryFolder();
        string file = folder.Write("pass.json", ReplayFailureTests.Sgd);
        var output = new StringWriter();

        int exit = ReplayCommand.Run([file], output);

        Assert.Equal(0, exit);
        Assert.Equal(["PASS  pass.json  max error 0.000E+00 at step 1", "1 passed, 0 failed"], Lines(output));
    }

    /// <summary>A case that cannot be read prints "-" for its error and step 0.</summary>
    [Fact]
    public void An_unreadable_case_has_no_error_figure()
    {
        using var folder = new TemporaryFolder();
        folder.Write("bad.json", "{");
        var output = new StringWriter();

        ReplayCommand.Run([folder.Path], output);

        Assert.StartsWith("FAIL  bad.json  max error - at step 0  malformed JSON: ", Lines(output)[0]);
    }

    /// <summary>A path that is neither a file nor a folder is a usage error naming it.</summary>
    [Fact]
    public void A_missing_path_is_a_usage_error()
    {
        using var folder = new TemporaryFolder();
        string missing = Path.Combine(folder.Path, "nowhere");
        var e = Assert.Throws<UsageException>(() => ReplayCommand.Run([missing], new StringWriter()));
        Assert.Equal($"'{missing}' is neither a file nor a folder.", e.Message);
    }

    /// <summary>A folder without cases is a usage error, not "0 passed".</summary>
    [Fact]
    public void A_folder_without_cases_is_a_usage_error()
    {
        using var folder = new TemporaryFolder();
        var e = Assert.Throws<UsageException>(() => ReplayCommand.Run([folder.Path], new StringWriter()));
        Assert.Equal($"no *.json cases found under {folder.Path}.", e.Message);
    }

    private static string[] Lines(StringWriter output) =>
        output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
}
