using System.Globalization;
using SimdOpt.Cli.Charts;
using SimdOpt.Cli.Learning;
using SimdOpt.Cli.Output;
using Spectre.Console;

namespace SimdOpt.Cli.Demo;

/// <summary>
/// Part 4: low precision. The digits MLP trained with AdamW (the training part's learning rate) in mini-batches through
/// a <c>LowPrecisionOptimizer</c>, once per <see cref="PrecisionStorage"/>: the loss curves in one picture and a table
/// of final loss, held-out accuracy, memory per parameter and optimizer step time.
/// </summary>
internal static class PrecisionPart
{
    /// <summary>The optimizer of the part.</summary>
    public const string Optimizer = "adamw";

    /// <summary>The picture's file name.</summary>
    public const string Picture = "precision-mlp.png";

    /// <summary>The model of the part and its epochs: the MLP of the training part's plan.</summary>
    public static (IClassifier Model, int Epochs) ModelOf(TrainingPlan plan) => plan.Models.First(m => m.Model is Mlp);

    /// <summary>Trains the model of <paramref name="plan"/> with <paramref name="optimizer"/> in
    /// <paramref name="storage"/>.</summary>
    public static StorageTrainingResult Train(PrecisionStorage storage, TrainingPlan plan, DigitsSet train,
        DigitsSet test, DemoOptimizer optimizer)
    {
        var (model, epochs) = ModelOf(plan);
        return StorageTrainer.Train(model, train, test, storage, optimizer.ForTraining(), epochs, plan.Seed);
    }

    /// <summary>Runs the part: returns the picture written.</summary>
    public static IReadOnlyList<string> Run(DemoContext context)
    {
        var console = context.Console;
        var plan = context.Quick ? TrainingPlan.Quick : TrainingPlan.Default;
        var (train, test) = DigitsSet.Load().Split(plan.TestShare, plan.Seed);
        var optimizer = context.Optimizers.First(o => o.Label == Optimizer);
        var (model, epochs) = ModelOf(plan);
        console.Write(new Rule("4. Low precision: fp32, bf16 and 8-bit states"));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{TrainingPart.Describe(model)} on the digits, {epochs} epochs of mini-batches "
            + $"({BatchScheme.MiniBatch.Size} images), AdamW lr {optimizer.EffectiveTrainingLr:R}, one thread, "
            + $"through a LowPrecisionOptimizer: the same start and image order for every storage. The math is "
            + $"AdamW's float32 kernel; each stored value is widened before it and narrowed after."));
        var results = ProgressDisplay.Run(console, "Training", PrecisionStorage.All.Count,
            tick => PrecisionStorage.All.Select(storage =>
            {
                var result = Train(storage, plan, train, test, optimizer);
                tick();
                return result;
            }).ToArray());
        var file = LossChart.Save(string.Create(CultureInfo.InvariantCulture,
                $"AdamW on the MLP ({model.ParameterCount} parameters) by storage"),
            results.Select(r => r.Training).ToArray(), PrecisionStorage.All.Select(s => s.Label).ToArray(),
            train.Count, context.FilePath(Picture));
        console.Write(Table("AdamW on " + TrainingPart.Describe(model), epochs, results));
        console.WriteLine("bytes/param = the parameter, its gradient and every state buffer the optimizer holds, as "
            + "allocated (8-bit: a float32 scale per 256 shared out; AdamW's max_exp_avg_sq is not held without "
            + "amsgrad, except in float32, whose buffers lie in one block as Optimizer<float> holds them); step = "
            + "the median time of one optimizer step. The model is small enough to stay in cache, so the step times "
            + "show what the conversions cost, not memory bandwidth (simdopt bench --storage times large tensors).");
        return [file];
    }

    /// <summary>The table: a row per storage, the final training loss, held-out accuracy, memory per parameter and
    /// step time.</summary>
    public static Table Table(string title, int epochs, IReadOnlyList<StorageTrainingResult> results)
    {
        var table = new Table
        {
            Title = new TableTitle(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"{title}, {epochs} epochs"))),
        };
        table.AddColumn("storage");
        foreach (var column in new[] { "loss", "acc", "bytes/param", "step µs", "vs fp32" })
            table.AddColumn(new TableColumn(column).RightAligned());
        double baseline = results[0].StepTime.TotalMicroseconds;
        foreach (var r in results)
            table.AddRow(Markup.Escape(r.Storage.Label),
                r.Training.Diverged ? "diverged" : Loss(r.Training.TrainingLoss),
                Accuracy(r.Training.TestAccuracy),
                BytesPerParameter(r.BytesPerParameter),
                r.StepTime.TotalMicroseconds.ToString("F2", CultureInfo.InvariantCulture),
                (r.StepTime.TotalMicroseconds / baseline).ToString("F2", CultureInfo.InvariantCulture) + "x");
        return table;
    }

    /// <summary>A loss as the table shows it.</summary>
    public static string Loss(double loss) => loss.ToString("F4", CultureInfo.InvariantCulture);

    /// <summary>An accuracy as the table shows it.</summary>
    public static string Accuracy(double accuracy) =>
        (100 * accuracy).ToString("F1", CultureInfo.InvariantCulture) + "%";

    /// <summary>Bytes per parameter as the table shows them.</summary>
    public static string BytesPerParameter(double bytes) => bytes.ToString("F2", CultureInfo.InvariantCulture);
}
