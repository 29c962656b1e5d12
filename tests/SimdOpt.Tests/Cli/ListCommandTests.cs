using System.Globalization;
using SimdOpt.Kernels;

namespace SimdOpt.Tests.Cli;

/// <summary><c>simdopt list</c> shows what the registry holds, and nothing written by hand.</summary>
public class ListCommandTests
{
    [Fact]
    public void Every_registered_optimizer_is_listed_with_its_declaration()
    {
        var run = CliRun.Of("list");
        Assert.Equal(0, run.ExitCode);
        var tables = TextTable.ParseAll(run.Output);
        var registered = OptimizerRegistry.All;
        // Every optimizer's table, and the storages' (StorageListTests).
        Assert.Equal(registered.Count + 1, tables.Count);
        Assert.Contains($"{registered.Count} registered optimizers.", run.Output);
        foreach (var info in registered)
        {
            var table = Assert.Single(tables, t => t.Title.StartsWith(info.Name + " - ", StringComparison.Ordinal));
            Assert.Equal(["kind", "name", "default", "range / condition", "description"], table.Header);
            int expectedRows = info.Hyperparameters.Count + info.Flags.Count + info.States.Count + info.StepStates.Count;
            Assert.Equal(expectedRows, table.Rows.Count);
            foreach (var h in info.Hyperparameters)
            {
                var row = Assert.Single(table.Rows, r => r[0] == "hyperparameter" && r[1] == h.Name);
                Assert.Equal(h.Default, double.Parse(row[2], CultureInfo.InvariantCulture));
                Assert.Equal(h.Range, row[3]);
            }
            foreach (var f in info.Flags)
                Assert.Equal(f.Default ? "true" : "false", Assert.Single(table.Rows, r => r[0] == "flag" && r[1] == f.Name)[2]);
            foreach (var s in info.States)
            {
                var row = Assert.Single(table.Rows, r => r[0] == "state" && r[1] == s.Name);
                Assert.Equal(s.Init, row[2]);
                Assert.Equal(s.Condition is null ? "always" : "if " + s.Condition, row[3]);
            }
            foreach (var s in info.StepStates)
                Assert.Equal(s.Init, Assert.Single(table.Rows, r => r[0] == "step state" && r[1] == s.Name)[2]);
        }
    }

    [Fact]
    public void Adam_is_listed_with_torch_defaults()
    {
        var adam = TextTable.ParseAll(CliRun.Of("list").Output).Single(t => t.Title.StartsWith("adam - ", StringComparison.Ordinal));
        Assert.Equal(["hyperparameter", "lr", "0.001", "[0, inf)", "learning rate"], adam.Rows[0]);
        Assert.Equal("0.999", adam.Rows.Single(r => r[1] == "beta2")[2]);
        Assert.Equal("[0, 1)", adam.Rows.Single(r => r[1] == "beta2")[3]);
        Assert.Equal("if amsgrad", adam.Rows.Single(r => r[1] == "max_exp_avg_sq")[3]);
    }
}
