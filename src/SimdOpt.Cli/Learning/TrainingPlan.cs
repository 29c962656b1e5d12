namespace SimdOpt.Cli.Learning;

/// <summary>
/// What the training part runs: the data split, the models, and the epochs each model trains for with every
/// optimizer and scheme (the same number of passes over the data, so BGD, SGD and mini-batch see the same images).
/// </summary>
/// <param name="TestShare">The share of the images held out for testing.</param>
/// <param name="Seed">The seed of the split, the starting parameters and the shuffles.</param>
/// <param name="Models">Each model with its epochs.</param>
internal sealed record TrainingPlan(double TestShare, int Seed, IReadOnlyList<(IClassifier Model, int Epochs)> Models)
{
    /// <summary>The demo's plan: softmax regression for 100 epochs, an MLP with 32 hidden units for 40.</summary>
    public static TrainingPlan Default { get; } =
        new(0.2, 20231005, [(new SoftmaxRegression(), 100), (new Mlp(32), 40)]);

    /// <summary>The quick plan: the same models and split, 3 epochs and 1 epoch.</summary>
    public static TrainingPlan Quick { get; } = new(0.2, 20231005, [(new SoftmaxRegression(), 3), (new Mlp(32), 1)]);
}
