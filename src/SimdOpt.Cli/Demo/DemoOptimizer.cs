using System.Globalization;
using SimdOpt.Kernels;

namespace SimdOpt.Cli.Demo;

/// <summary>
/// One registered optimizer as the demo runs it: its hyperparameters at their registered defaults except the
/// learning rate the demo chose for each part and, for a variant such as SGD with momentum, the settings named.
/// </summary>
/// <param name="Label">The name in tables and legends, e.g. <c>sgd</c> or <c>sgd+momentum</c>.</param>
/// <param name="Info">The registered optimizer.</param>
/// <param name="Settings">Hyperparameters set away from their defaults, other than <c>lr</c>.</param>
/// <param name="SurfaceLr">The learning rate on the surfaces, or null for the registered default.</param>
/// <param name="TrainingLr">The learning rate for training on the digits, or null for the registered default.</param>
/// <param name="Reason">Why these values.</param>
internal sealed record DemoOptimizer(string Label, OptimizerInfo Info,
    IReadOnlyList<(string Name, double Value)> Settings, double? SurfaceLr, double? TrainingLr, string Reason)
{
    /// <summary>An instance for the surfaces.</summary>
    public OptimizerHyperparameters ForSurfaces() => Create(SurfaceLr);

    /// <summary>An instance for training.</summary>
    public OptimizerHyperparameters ForTraining() => Create(TrainingLr);

    /// <summary>The learning rate an instance for the surfaces uses, or NaN when the optimizer has none.</summary>
    public double EffectiveSurfaceLr => LearningRate(ForSurfaces());

    /// <summary>The learning rate an instance for training uses, or NaN when the optimizer has none.</summary>
    public double EffectiveTrainingLr => LearningRate(ForTraining());

    /// <summary>The settings as text, e.g. <c>momentum=0.9</c>, or empty.</summary>
    public string SettingsText =>
        string.Join(", ", Settings.Select(s => s.Name + "=" + s.Value.ToString("R", CultureInfo.InvariantCulture)));

    private OptimizerHyperparameters Create(double? lr)
    {
        var optimizer = Info.Create();
        foreach (var (name, value) in Settings) optimizer.SetHyperparameter(name, value);
        if (lr is double rate && HasLearningRate) optimizer.SetHyperparameter("lr", rate);
        return optimizer;
    }

    private bool HasLearningRate => Info.Hyperparameters.Any(h => h.Name == "lr");

    private double LearningRate(OptimizerHyperparameters optimizer) =>
        HasLearningRate ? optimizer.GetHyperparameter("lr") : double.NaN;
}
