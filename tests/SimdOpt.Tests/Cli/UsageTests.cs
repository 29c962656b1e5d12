namespace SimdOpt.Tests.Cli;

/// <summary>Bad arguments get one line on the error writer and exit code 2; --help works on every command.</summary>
public class UsageTests
{
    [Theory]
    [InlineData("bench", "--optimizer", "nosuch")]
    [InlineData("bench", "--sizes", "1K,12x")]
    [InlineData("bench", "--sizes", "0")]
    [InlineData("bench", "--sizes", "-5")]
    [InlineData("bench", "--threads", "0")]
    [InlineData("bench", "--threads", "two")]
    [InlineData("bench", "--runs", "0")]
    [InlineData("bench", "--bogus")]
    [InlineData("demo", "--part", "nosuch")]
    [InlineData("demo", "--sizes", "4G")]
    [InlineData("demo", "--frobnicate")]
    [InlineData("list", "extra")]
    [InlineData("nosuchcommand")]
    public void A_bad_argument_is_one_line_and_exit_code_2(params string[] args)
    {
        var run = CliRun.Of(args);
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("simdopt: ", line);
        Assert.Equal("", run.Output);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("frobnicate", "--sizes", "1K")]
    public void An_unknown_command_is_named_as_one(params string[] args)
    {
        var run = CliRun.Of(args);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("simdopt: unknown command 'frobnicate'; the commands are demo, list, bench, replay, checkpoint. (see 'simdopt --help')", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public void An_unknown_optimizer_is_named_with_the_known_ones()
    {
        var run = CliRun.Of("bench", "--optimizer", "adamz");
        Assert.Contains("unknown optimizer 'adamz'", run.Error);
        Assert.Contains("adamw", run.Error);
    }

    [Fact]
    public void An_output_folder_that_cannot_be_created_is_a_usage_error()
    {
        string file = Path.GetTempFileName();
        try
        {
            var run = CliRun.Of("demo", "--quick", "--part", "surfaces", "--output", Path.Combine(file, "sub"));
            Assert.Equal(2, run.ExitCode);
            Assert.StartsWith("simdopt: --output: cannot create the folder", Assert.Single(run.ErrorLines));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("demo", "--help")]
    [InlineData("bench", "--help")]
    [InlineData("list", "--help")]
    [InlineData("replay", "--help")]
    public void Help_describes_the_command(params string[] args)
    {
        var run = CliRun.Of(args);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Usage:", run.Output);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public void Demo_help_lists_its_options()
    {
        var run = CliRun.Of("demo", "--help");
        foreach (var option in new[] { "--output", "--part", "--quick", "--sizes" })
            Assert.Contains(option, run.Output);
    }
}
