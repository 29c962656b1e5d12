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
    [InlineData("precision-mlp.png", 1300, 420)]
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

    [Fact]
    public void The_precision_table_holds_what_the_storage_trainer_computes()
    {
        var plan = TrainingPlan.Quick;
        var (train, test) = DigitsSet.Load().Split(plan.TestShare, plan.Seed);
        var (model, epochs) = PrecisionPart.ModelOf(plan);
        var table = demo.Tables.Single(t => t.Header.SequenceEqual(
            ["storage", "loss", "acc", "bytes/param", "step µs", "vs fp32"]));
        Assert.Equal($"AdamW on {TrainingPart.Describe(model)}, {epochs} epochs", table.Title);
        Assert.Equal(PrecisionStorage.All.Select(s => s.Label), table.Rows.Select(r => r[0]));
        var adamw = DemoOptimizers.All().Single(o => o.Label == PrecisionPart.Optimizer);
        foreach (var storage in PrecisionStorage.All)
        {
            var row = table.Row(storage.Label);
            var r = PrecisionPart.Train(storage, plan, train, test, adamw);
            Assert.Equal(PrecisionPart.Loss(r.Training.TrainingLoss), table.Cell(row, "loss"));
            Assert.Equal(PrecisionPart.Accuracy(r.Training.TestAccuracy), table.Cell(row, "acc"));
            Assert.EndsWith("x", table.Cell(row, "vs fp32"));
        }
        Assert.Equal("1.00x", table.Cell(table.Row("fp32"), "vs fp32"));
        // 2410 parameters in one tensor: p and g (4 + 4 or 2 + 2 bytes), then AdamW's buffers: all three in float32
        // (one block), exp_avg and exp_avg_sq otherwise; 8 bits take a float32 scale per block of 256 (10 blocks).
        Assert.Equal("20.00", table.Cell(table.Row("fp32"), "bytes/param"));
        Assert.Equal("12.00", table.Cell(table.Row("bf16 states"), "bytes/param"));
        Assert.Equal(PrecisionPart.BytesPerParameter(8 + 2 * (2410 + 4 * 10) / 2410.0),
            table.Cell(table.Row("8-bit states"), "bytes/param"));
        Assert.Equal("8.00", table.Cell(table.Row("bf16 everything, stochastic rounding"), "bytes/param"));
    }

    [Fact]
    public void Quick_training_in_every_storage_learns_about_as_far_as_float32()
    {
        var table = demo.Tables.Single(t => t.Header.Length > 3 && t.Header[3] == "bytes/param");
        double fp32 = double.Parse(table.Cell(table.Row("fp32"), "loss"), CultureInfo.InvariantCulture);
        foreach (var row in table.Rows)
        {
            double loss = double.Parse(table.Cell(row, "loss"), CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(loss - fp32) < 0.05, $"{row[0]}: loss {loss}, fp32 {fp32}");
        }
    }
}
