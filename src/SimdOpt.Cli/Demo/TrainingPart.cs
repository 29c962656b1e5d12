using System.Globalization;
using SimdOpt.Cli.Charts;
using SimdOpt.Cli.Learning;
using SimdOpt.Cli.Output;
using Spectre.Console;

namespace SimdOpt.Cli.Demo;

/// <summary>
/// Part 2: BGD vs SGD vs mini-batch. Softmax regression and a one-hidden-layer MLP on the digits, every optimizer
/// with every scheme, the same epochs for each: loss curves per model and a table of final loss, held-out
/// accuracy and time.
/// </summary>
internal static class TrainingPart
{
    /// <summary>Trains every combination of <paramref name="plan"/>; <paramref name="trained"/> hears of each
    /// run.</summary>
    public static IReadOnlyList<TrainingResult> Run(TrainingPlan plan, DigitsSet train, DigitsSet test,
        IReadOnlyList<DemoOptimizer> optimizers, Action? trained = null)
    {
        var results = new List<TrainingResult>();
        foreach (var (model, epochs) in plan.Models)
            foreach (var optimizer in optimizers)
                foreach (var scheme in BatchScheme.All)
                {
                    results.Add(Trainer.Train(model, train, test, optimizer.Label, optimizer.ForTraining(), scheme,
                        epochs, plan.Seed));
                    trained?.Invoke();
                }
        return results;
    }

    /// <summary>Runs the part: returns the pictures written.</summary>
    public static IReadOnlyList<string> Run(DemoContext context)
    {
        var console = context.Console;
        var plan = context.Quick ? TrainingPlan.Quick : TrainingPlan.Default;
        var (train, test) = DigitsSet.Load().Split(plan.TestShare, plan.Seed);
        console.Write(new Rule("2. BGD vs SGD vs mini-batch"));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Handwritten digits (UCI, 8x8): {train.Count} training images, {test.Count} held out "
            + $"(seed {plan.Seed}). Forward and backward passes are written by hand; every update is the "
            + $"optimizer's kernel."));
        console.WriteLine("Every run sees the same images: "
            + string.Join(", ", plan.Models.Select(m =>
                string.Create(CultureInfo.InvariantCulture, $"{Describe(m.Model)} for {m.Epochs} epochs")))
            + ". BGD takes one step per epoch, SGD one per image, mini-batch one per 32 images.");
        int runs = plan.Models.Count * context.Optimizers.Count * BatchScheme.All.Count;
        var results = ProgressDisplay.Run(console, "Training", runs,
            tick => Run(plan, train, test, context.Optimizers, tick));
        var files = new List<string>();
        var labels = context.Optimizers.Select(o => o.Label).ToArray();
        foreach (var (model, epochs) in plan.Models)
        {
            var ofModel = results.Where(r => r.Model == model.Name).ToArray();
            files.Add(LossChart.Save(Describe(model), ofModel, labels, train.Count,
                context.FilePath($"training-{model.Name}.png")));
            console.Write(Table(Describe(model), epochs, ofModel, context.Optimizers));
            console.WriteLine(Summary(ofModel));
        }
        console.WriteLine("loss = mean cross-entropy over the training set at the end; "
            + "accuracy = share of held-out images right; time = forward, backward and optimizer steps.");
        return files;
    }

    /// <summary>
    /// Per scheme, the median held-out accuracy over the optimizers and how jumpy the loss curves are: the share of
    /// consecutive curve points at which the training loss went up (BGD's exact gradient rarely raises it; one
    /// image's gradient often does).
    /// </summary>
    public static string Summary(IReadOnlyList<TrainingResult> results) =>
        string.Join(Environment.NewLine, BatchScheme.All.Select(scheme =>
        {
            var runs = results.Where(r => r.Scheme == scheme).ToArray();
            var accuracies = runs.Select(r => r.TestAccuracy).Order().ToArray();
            double median = accuracies.Length == 0 ? double.NaN : accuracies[accuracies.Length / 2];
            int rises = runs.Sum(r => r.CurveLoss.Zip(r.CurveLoss.Skip(1)).Count(p => p.Second > p.First));
            int intervals = runs.Sum(r => Math.Max(0, r.CurveLoss.Length - 1));
            return string.Create(CultureInfo.InvariantCulture,
                $"  {scheme.Name}: median accuracy {100 * median:F1}%, "
                + $"loss rose at {(intervals == 0 ? 0 : 100.0 * rises / intervals):F0}% of curve points");
        }));

    /// <summary>A model's name with its size, e.g. <c>mlp (64-32-10, 2410 parameters)</c>.</summary>
    public static string Describe(IClassifier model) => model switch
    {
        Mlp mlp => string.Create(CultureInfo.InvariantCulture,
            $"{model.Name} (64-{mlp.Hidden}-10 ReLU, {model.ParameterCount} parameters)"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{model.Name} ({model.ParameterCount} parameters)"),
    };

    /// <summary>The table of one model: a row per optimizer, for each scheme the final training loss, held-out accuracy
    /// and time.</summary>
    public static Table Table(string model, int epochs, IReadOnlyList<TrainingResult> results,
        IReadOnlyList<DemoOptimizer> optimizers)
    {
        var table = new Table
        {
            Title = new TableTitle(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"{model}, {epochs} epochs"))),
        };
        table.AddColumn("optimizer");
        table.AddColumn(new TableColumn("lr").RightAligned());
        foreach (var scheme in BatchScheme.All)
        {
            table.AddColumn(new TableColumn(scheme.Name + " loss").RightAligned());
            table.AddColumn(new TableColumn(scheme.Name + " acc").RightAligned());
            table.AddColumn(new TableColumn(scheme.Name + " time").RightAligned());
        }
        foreach (var optimizer in optimizers)
        {
            var cells = new List<string>
            {
                Markup.Escape(optimizer.Label),
                optimizer.EffectiveTrainingLr.ToString("R", CultureInfo.InvariantCulture),
            };
            foreach (var scheme in BatchScheme.All)
            {
                var r = results.First(x => x.Optimizer == optimizer.Label && x.Scheme == scheme);
                cells.Add(r.Diverged ? "diverged" : r.TrainingLoss.ToString("F4", CultureInfo.InvariantCulture));
                cells.Add((100 * r.TestAccuracy).ToString("F1", CultureInfo.InvariantCulture) + "%");
                cells.Add(r.Wall.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) + " s");
            }
            table.AddRow(cells.ToArray());
        }
        return table;
    }
}
