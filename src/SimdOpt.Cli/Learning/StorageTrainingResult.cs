namespace SimdOpt.Cli.Learning;

/// <summary>One training run of the precision part: the run itself, the memory its storage takes and the time of its
/// optimizer steps.</summary>
/// <param name="Storage">How the model and the state were stored.</param>
/// <param name="Training">The loss curve, final loss, held-out accuracy and time, as the training part has
/// them.</param>
/// <param name="BytesPerParameter">Parameter, gradient and every state buffer the optimizer holds, in bytes per
/// parameter, as allocated.</param>
/// <param name="StepTime">The median time of one optimizer step.</param>
internal sealed record StorageTrainingResult(PrecisionStorage Storage, TrainingResult Training,
    double BytesPerParameter, TimeSpan StepTime);
