using System.Globalization;
using System.Text.Json;
using SimdOpt.Cli.Bench;

namespace SimdOpt.Tests.Cli;

/// <summary><c>simdopt bench --tensors</c>: the runtime's step timed per layout and memory, all rows in one table, as
/// text and JSON.</summary>
public class BenchTensorsTests
{
    private static readonly string[] Quick = ["--optimizer", "sgd", "--tensors", "1x4K,4x1K", "--runs", "1", "--min-time-ms", "1"];

    [Fact]
    public void The_table_has_a_row_per_layout_and_memory_against_the_first()
    {
        var run = CliRun.Of(["bench", .. Quick]);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        var table = Assert.Single(TextTable.ParseAll(run.Output));
        Assert.StartsWith("sgd: Optimizer<float>.Step(), 1 thread, 12 bytes/elem", table.Title);
        Assert.Equal(["layout", "memory", "ms/step", "ns/elem", "GB/s", "against 1x4K"], table.Header);
        Assert.Equal([("1x4K", "one array"), ("4x1K", "own arrays"), ("4x1K", "one buffer")], table.Rows.Select(r => (r[0], r[1])));
        Assert.Equal(TensorBenchTable.Reference, table.Cell(table.Rows[0], "against 1x4K"));
        double first = Number(table.Cell(table.Rows[0], "ns/elem"));
        foreach (var row in table.Rows)
        {
            double ns = Number(row[3]);
            Assert.True(ns > 0, $"ns/elem {ns}");
            Assert.True(Number(row[2]) > 0, $"ms/step {row[2]}");
            Assert.Equal(12 / ns, Number(row[4]), 0.05 * (12 / ns) + 0.1); // both rounded for print
            if (row != table.Rows[0])
                Assert.Matches(@"^([+-]\d+|±0)%$", row[5]);
        }
        Assert.Contains("Best of 1 run(s) of at least 1 ms each, all rows taking turns; median of 1 placement(s) of each model; 1 thread(s)", run.Output);
        Assert.True(first > 0);
    }

    [Fact]
    public void Json_has_the_three_rows_with_times_and_ratios_to_the_first()
    {
        var run = CliRun.Of(["bench", .. Quick, "--json"]);
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.True(json.RootElement.TryGetProperty("machine", out _));
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(3, results.Length);
        Assert.Equal([(1, 4096, "one array"), (4, 1024, "own arrays"), (4, 1024, "one buffer")],
            results.Select(r => (r.GetProperty("count").GetInt32(), r.GetProperty("size").GetInt32(), r.GetProperty("memory").GetString())));
        Assert.Equal(["1x4K", "4x1K", "4x1K"], results.Select(r => r.GetProperty("layout").GetString()));
        double first = results[0].GetProperty("nsPerElement").GetDouble();
        Assert.Equal(1.0, results[0].GetProperty("againstFirst").GetDouble());
        foreach (var r in results)
        {
            Assert.Equal("sgd", r.GetProperty("optimizer").GetString());
            Assert.Equal(1, r.GetProperty("threads").GetInt32());
            double ms = r.GetProperty("msPerStep").GetDouble(), ns = r.GetProperty("nsPerElement").GetDouble();
            Assert.True(ms > 0 && double.IsFinite(ms), $"ms per step {ms}");
            Assert.True(ns > 0 && double.IsFinite(ns), $"ns per element {ns}");
            int elements = r.GetProperty("count").GetInt32() * r.GetProperty("size").GetInt32();
            Assert.Equal(ms * 1e6 / elements, ns, 1e-9 * ns);
            Assert.Equal(12 / ns, r.GetProperty("gbPerSecond").GetDouble(), 1e-9 * (12 / ns));
            Assert.Equal(ns / first, r.GetProperty("againstFirst").GetDouble(), 1e-12);
            Assert.True(r.GetProperty("steps").GetInt64() >= 1);
        }
    }

    [Fact]
    public void Threads_set_the_optimizers_parallelism_and_every_optimizer_gets_its_rows()
    {
        var run = CliRun.Of("bench", "--optimizer", "adam", "--optimizer", "lion", "--tensors", "2x2K", "--threads", "2", "--runs", "1", "--min-time-ms", "0", "--json");
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal([("adam", "own arrays", 28), ("adam", "one buffer", 28), ("lion", "own arrays", 20), ("lion", "one buffer", 20)],
            results.Select(r => (r.GetProperty("optimizer").GetString(), r.GetProperty("memory").GetString(), r.GetProperty("bytesPerElement").GetInt32())));
        Assert.All(results, r => Assert.Equal(2, r.GetProperty("threads").GetInt32()));
        Assert.Equal([1.0, 1.0], results.Where(r => r.GetProperty("memory").GetString() == "own arrays").Select(r => r.GetProperty("againstFirst").GetDouble()));
    }

    [Fact]
    public void Placements_build_every_model_that_many_times_and_report_the_median()
    {
        var run = CliRun.Of("bench", "--optimizer", "sgd", "--tensors", "1x2K,3x1K", "--placements", "3", "--runs", "2", "--min-time-ms", "0", "--json");
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(3, results.Length);
        Assert.All(results, r => Assert.Equal(3, r.GetProperty("placements").GetInt32()));
        // Three models per row, each timed for two runs of at least one step.
        Assert.All(results, r => Assert.True(r.GetProperty("steps").GetInt64() >= 6));
    }

    [Fact]
    public void Placements_below_one_are_a_one_line_usage_error()
    {
        var run = CliRun.Of("bench", "--tensors", "1x4K", "--placements", "0");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--placements", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public void Tensors_with_sizes_is_a_one_line_usage_error()
    {
        var run = CliRun.Of("bench", "--tensors", "1x4K", "--sizes", "1K");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Output);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("simdopt: " + BenchCommand.TensorsWithSizes, line);
        Assert.Contains("do not go together", line);
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("1000y1K")]
    [InlineData("0x1K")]
    [InlineData("1xfoo")]
    [InlineData("100000x1M")]
    public void A_bad_layout_is_a_one_line_usage_error(string layouts)
    {
        var run = CliRun.Of("bench", "--tensors", layouts);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Output);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith($"simdopt: --tensors: '{layouts}' is not a layout: ", line);
    }

    [Fact]
    public void Help_describes_the_option()
    {
        var run = CliRun.Of("bench", "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--tensors <LAYOUTS>", run.Output);
        Assert.Contains("COUNTxSIZE", run.Output);
    }

    [Theory]
    [InlineData(1.0, "±0%")]
    [InlineData(1.04, "+4%")]
    [InlineData(0.98, "-2%")]
    [InlineData(1.004, "±0%")]
    [InlineData(2.5, "+150%")]
    public void Ratios_print_as_signed_percentages(double ratio, string text) => Assert.Equal(text, TensorBenchTable.Percentage(ratio));

    [Theory]
    [InlineData(20.123, "20.1")]
    [InlineData(0.3124, "0.312")]
    [InlineData(0.0003124, "0.000312")]
    [InlineData(1234.4, "1234")]
    public void Milliseconds_keep_three_significant_digits(double ms, string text) => Assert.Equal(text, TensorBenchTable.Milliseconds(ms));

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
