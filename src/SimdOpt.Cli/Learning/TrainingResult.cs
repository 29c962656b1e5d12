namespace SimdOpt.Cli.Learning;

/// <summary>One training run: its loss curve, final training loss, held-out accuracy and time.</summary>
/// <param name="Model">The model's name.</param>
/// <param name="Optimizer">The optimizer's label.</param>
/// <param name="Scheme">The batch scheme.</param>
/// <param name="Steps">Optimizer steps taken.</param>
/// <param name="CurveEpochs">When each point of the loss curve was taken, in epochs (passes over the training
/// set).</param>
/// <param name="CurveLoss">The mean cross-entropy over the whole training set at each point.</param>
/// <param name="TrainingLoss">The mean cross-entropy over the whole training set at the end (NaN when
/// diverged).</param>
/// <param name="TestAccuracy">The share of held-out images classified correctly at the end.</param>
/// <param name="Wall">Time spent in forward, backward and optimizer steps (the curve's evaluations excluded).</param>
/// <param name="Diverged">Whether the loss became non-finite, which ended the run.</param>
internal sealed record TrainingResult(string Model, string Optimizer, BatchScheme Scheme, long Steps,
    double[] CurveEpochs, double[] CurveLoss, double TrainingLoss, double TestAccuracy, TimeSpan Wall, bool Diverged);
