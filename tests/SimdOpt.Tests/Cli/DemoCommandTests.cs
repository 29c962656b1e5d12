using System.Globalization;
using SimdOpt.Cli.Bench;
using SimdOpt.Cli.Charts;
using SimdOpt.Cli.Demo;
using SimdOpt.Cli.Learning;
using SimdOpt.Cli.Surfaces;
using SimdOpt.Kernels;
using SkiaSharp;

namespace SimdOpt.Tests.Cli;

/// <summary>
/// <c>simdopt demo --quick</c>: it writes real PNG pictures where it says, and its tables hold the numbers the
/// underlying code computes for the same seeds.
/// </summary>
public class DemoCommandTests(QuickDemo demo) : IClassFixture<QuickDemo>
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public void The_demo_succeeds_quietly_on_the_error_writer()
    {
        Assert.Equal("", demo.Run.Error);
        Assert.Equal(0, demo.Run.ExitCode);
    }

    [Theory]
    [InlineData("surface-rosenbrock.png", 1300, 900)]
    [InlineData("surface-beale.png", 1300, 900)]
    [InlineData("surface-saddle.png", 1300, 900)]
    [InlineData("training-softmax.png", 1300, 3 * 420)]
    [InlineData("training-mlp.png", 1300, 3 * 420)]
    // 0: as wide as the registry needs (this assembly registers optimizers of its own, e.g. the walk-through's).
    [InlineData("simd.png", 0, 2 * 380)]
    public void Each_picture_is_a_valid_png_of_its_size_and_is_announced(string name, int width, int height)
    {
        if (width == 0) width = BenchChart.Width(OptimizerRegistry.All.Count);
        string file = Path.Combine(demo.Folder, name);
        Assert.True(File.Exists(file), file + " missing");
        Assert.Equal(PngSignature, File.ReadAllBytes(file).Take(8));
        using var bitmap = SKBitmap.Decode(file);
        Assert.NotNull(bitmap);
        Assert.Equal(width, bitmap.Width);
        Assert.Equal(height, bitmap.Height);
        // Not blank: a chart has more than a handful of colours.
        Assert.True(bitmap.Pixels.Distinct().Take(20).Count() == 20, name + " looks blank");
        Assert.Contains("wrote " + Path.GetFullPath(file), demo.Run.Output);
    }

    [Fact]
    public void The_surface_tables_hold_what_the_runner_computes()
    {
        var optimizers = DemoOptimizers.All();
        var tables = demo.Tables.Where(t => t.Header.SequenceEqual(["optimizer", "lr", "end x", "end y", "f(end)", "steps", "reversals", "verdict"])).ToArray();
        Assert.Equal(Surface.All.Count, tables.Length);
        for (int s = 0; s < Surface.All.Count; s++)
        {
            var surface = Surface.All[s];
            Assert.StartsWith(surface.Name + ":", tables[s].Title);
            Assert.Equal(optimizers.Select(o => o.Label), tables[s].Rows.Select(r => r[0]));
            foreach (var result in SurfacesPart.Run(surface, optimizers))
            {
                var row = tables[s].Row(result.Optimizer.Label);
                Assert.Equal(SurfacesPart.Number(result.Path.End.X), tables[s].Cell(row, "end x"));
                Assert.Equal(SurfacesPart.Number(result.Path.End.Y), tables[s].Cell(row, "end y"));
                Assert.Equal(result.Path.Steps.ToString(CultureInfo.InvariantCulture), tables[s].Cell(row, "steps"));
                Assert.Equal(result.Verdict.Text, tables[s].Cell(row, "verdict"));
            }
        }
    }

    [Fact]
    public void The_lecture_shows_on_the_saddle_sgd_stalls_and_adaptive_methods_escape()
    {
        var saddle = demo.Tables.Single(t => t.Title.StartsWith("saddle:", StringComparison.Ordinal));
        Assert.Equal("stalled", saddle.Cell(saddle.Row("sgd"), "verdict"));
        foreach (var adaptive in new[] { "adagrad", "rmsprop", "adam" })
            Assert.Equal("escaped", saddle.Cell(saddle.Row(adaptive), "verdict"));
    }

    [Fact]
    public void The_training_tables_hold_what_the_trainer_computes()
    {
        var plan = TrainingPlan.Quick;
        var (train, test) = DigitsSet.Load().Split(plan.TestShare, plan.Seed);
        var tables = demo.Tables.Where(t => t.Header.Length > 2 && t.Header[2] == "BGD loss").ToArray();
        Assert.Equal(plan.Models.Count, tables.Length);
        for (int m = 0; m < plan.Models.Count; m++)
        {
            var (model, epochs) = plan.Models[m];
            Assert.StartsWith(model.Name + " (", tables[m].Title);
            Assert.EndsWith(epochs.ToString(CultureInfo.InvariantCulture) + " epochs", tables[m].Title);
            Assert.Equal(DemoOptimizers.All().Select(o => o.Label), tables[m].Rows.Select(r => r[0]));
            // Recompute two optimizers (every scheme) rather than all, to keep the test short.
            foreach (var optimizer in DemoOptimizers.All().Where(o => o.Label is "adam" or "sgd+momentum"))
            {
                var row = tables[m].Row(optimizer.Label);
                foreach (var scheme in BatchScheme.All)
                {
                    var r = Trainer.Train(model, train, test, optimizer.Label, optimizer.ForTraining(), scheme, epochs, plan.Seed);
                    Assert.Equal(r.TrainingLoss.ToString("F4", CultureInfo.InvariantCulture), tables[m].Cell(row, scheme.Name + " loss"));
                    Assert.Equal((100 * r.TestAccuracy).ToString("F1", CultureInfo.InvariantCulture) + "%", tables[m].Cell(row, scheme.Name + " acc"));
                    Assert.EndsWith(" s", tables[m].Cell(row, scheme.Name + " time"));
                }
            }
        }
    }

    [Fact]
    public void Quick_training_already_learns_softmax_with_adam()
    {
        var softmax = demo.Tables.First(t => t.Title.StartsWith("softmax (", StringComparison.Ordinal));
        var row = softmax.Row("adam");
        double accuracy = double.Parse(softmax.Cell(row, "mini-batch acc").TrimEnd('%'), CultureInfo.InvariantCulture);
        Assert.True(accuracy >= 90, $"held-out accuracy {accuracy}%");
    }

    [Fact]
    public void The_simd_tables_cover_every_optimizer_path_and_quick_size()
    {
        var tables = demo.Tables.Where(t => t.Header.Length > 1 && t.Header[1] == "bytes/elem").ToArray();
        Assert.Equal(DemoCommand.QuickSimdSizes.Count, tables.Length);
        Assert.StartsWith("1K elements, 1 thread", tables[0].Title);
        Assert.StartsWith("16K elements, 1 thread", tables[1].Title);
        foreach (var table in tables)
        {
            Assert.Equal(DemoOptimizers.All().Select(o => o.Info.Name).Distinct(), table.Rows.Select(r => r[0]));
            Assert.Equal(OptimizerRegistry.All.Select(i => i.Name).Order(), table.Rows.Select(r => r[0]).Order());
            Assert.Equal(SimdOpt.Kernels.KernelPaths.Available.Count + 3, table.Header.Length);
            foreach (var row in table.Rows)
                Assert.Equal(KernelStepper.BytesPerElement(OptimizerRegistry.Get(row[0]).Create()).ToString(CultureInfo.InvariantCulture), row[1]);
        }
        Assert.Contains("instead of the full 1K, 16K, 256K, 4M, 16M", demo.Run.Output);
    }

    [Fact]
    public void The_learning_rate_table_comes_first_and_names_every_registered_optimizer()
    {
        var table = demo.Tables[0];
        Assert.Equal(["optimizer", "settings", "surfaces lr", "training lr", "why"], table.Header);
        foreach (var info in OptimizerRegistry.All)
            Assert.Contains(table.Rows, r => r[0] == info.Name);
        Assert.Equal("momentum=0.9", table.Row("sgd+momentum")[1]);
    }
}
