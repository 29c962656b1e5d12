using System.Globalization;
using System.Text.Json;
using SimdOpt.Cli.Bench;
using SimdOpt.Kernels;

namespace SimdOpt.Tests.Cli;

/// <summary><c>simdopt bench</c>: the JSON and the tables carry the measurements, with bytes from the state
/// layout.</summary>
public class BenchCommandTests
{
    private static readonly string[] Quick = ["--runs", "1", "--min-time-ms", "0"];

    [Fact]
    public void Json_has_one_result_per_optimizer_size_and_path()
    {
        var run = CliRun.Of(["bench", "--optimizer", "adam", "--optimizer", "sgd", "--sizes", "1K,1000", "--json", .. Quick]);
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToArray();
        var paths = SimdOpt.Kernels.KernelPaths.Available.Select(p => p.ToString()).ToArray();
        Assert.Equal(2 * 2 * paths.Length, results.Length);
        foreach (var optimizer in new[] { "adam", "sgd" })
            foreach (int size in new[] { 1024, 1000 })
                Assert.Equal(paths, results.Where(r => r.GetProperty("optimizer").GetString() == optimizer && r.GetProperty("elements").GetInt32() == size)
                    .Select(r => r.GetProperty("path").GetString()).ToArray());
        Assert.Equal(SimdOpt.Kernels.KernelPaths.Widest.ToString(), json.RootElement.GetProperty("machine").GetProperty("autoPath").GetString());
    }

    [Fact]
    public void Json_bytes_follow_the_state_layout_and_gb_per_second_follows_the_time()
    {
        var run = CliRun.Of(["bench", "--optimizer", "adam", "--optimizer", "lion", "--sizes", "4K", "--json", .. Quick]);
        using var json = JsonDocument.Parse(run.Output);
        foreach (var r in json.RootElement.GetProperty("results").EnumerateArray())
        {
            string name = r.GetProperty("optimizer").GetString()!;
            // Adam: p (r+w), g (r), exp_avg and exp_avg_sq (r+w each), max_exp_avg_sq inactive without amsgrad: 7
            // floats. Lion: p, g, exp_avg: 5 floats.
            Assert.Equal(name == "adam" ? 28 : 20, r.GetProperty("bytesPerElement").GetInt32());
            Assert.Equal(KernelStepper.BytesPerElement(OptimizerRegistry.Get(name).Create()), r.GetProperty("bytesPerElement").GetInt32());
            double ns = r.GetProperty("nsPerElement").GetDouble();
            Assert.True(ns > 0 && double.IsFinite(ns), $"ns per element {ns}");
            Assert.Equal(r.GetProperty("bytesPerElement").GetInt32() / ns, r.GetProperty("gbPerSecond").GetDouble(), 1e-9);
            Assert.True(r.GetProperty("steps").GetInt64() >= 1);
            Assert.Equal(1, r.GetProperty("threads").GetInt32());
        }
    }

    [Fact]
    public void Threads_are_reported_and_each_step_still_runs()
    {
        var run = CliRun.Of(["bench", "--optimizer", "rmsprop", "--sizes", "10000", "--threads", "2", "--json", .. Quick]);
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.All(json.RootElement.GetProperty("results").EnumerateArray(), r => Assert.Equal(2, r.GetProperty("threads").GetInt32()));
    }

    [Fact]
    public void The_table_cells_hold_ns_per_element_and_the_matching_gb_per_second()
    {
        var run = CliRun.Of(["bench", "--optimizer", "adamw", "--sizes", "2K", .. Quick]);
        Assert.Equal(0, run.ExitCode);
        var table = Assert.Single(TextTable.ParseAll(run.Output));
        Assert.StartsWith("2K elements, 1 thread", table.Title);
        var row = table.Row("adamw");
        Assert.Equal("28", table.Cell(row, "bytes/elem"));
        foreach (var path in SimdOpt.Kernels.KernelPaths.Available)
        {
            string header = path == KernelPath.Auto ? $"Auto={SimdOpt.Kernels.KernelPaths.Widest}" : path.ToString();
            var parts = table.Cell(row, header).Split(' ');
            double ns = double.Parse(parts[0], CultureInfo.InvariantCulture);
            double gb = double.Parse(parts[1].Trim('(', ')'), CultureInfo.InvariantCulture);
            Assert.Equal(28 / ns, gb, 0.05 * gb + 0.1); // both rounded for print
        }
        Assert.EndsWith("x", table.Cell(row, "Auto vs scalar"));
    }
}
