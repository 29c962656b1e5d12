using SimdOpt.Optimizers;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training;

/// <summary>The schedule examples of docs/training.md, compiled and run as they are written there.</summary>
public class ScheduleGuideTests
{
    [Fact]
    public void The_plateau_and_lambda_example_reduces_once_then_warms_up()
    {
        float[] weights = new float[4], gradients = new float[4];

        // --- docs/training.md: "Schedules", after the table ---
        var optimizer = new Optimizer<float>(new Sgd(lr: 0.1, momentum: 0.9),
            [new Parameter<float>(weights, gradients)]);
        var plateau = new ReduceLROnPlateau(optimizer, factor: 0.5, patience: 3, cooldown: 2, minLr: 1e-3);
        foreach (double validationLoss in (double[])[0.9, 0.7, 0.6, 0.61, 0.6, 0.62, 0.6, 0.59, 0.6, 0.6, 0.6, 0.6])
            plateau.Step(validationLoss);   // torch: scheduler.step(val_loss)
        // lr is now 0.05: halved at the 7th loss, the 4th without improvement; the cooldown, then the better 0.59,
        // reset the count of bad epochs.

        var warmUp = new LambdaLR(optimizer, e => Math.Min(1.0, (e + 1) / 100.0));   // torch: LambdaLR(opt, fn)
        // --- end of the example ---

        Assert.Equal(12, plateau.LastEpoch);
        Assert.Equal([0.05], plateau.LastValues);
        Assert.Equal((0.59, 3L, 0), (plateau.Best, plateau.NumBadEpochs, plateau.CooldownCounter));
        // ReduceLROnPlateau records no initial lr (nor does torch's), so LambdaLR's base is the lr it finds: 0.05.
        Assert.Equal([0.05], warmUp.BaseValues);
        Assert.Equal(0.05 * 0.01, optimizer.Groups[0].Hyperparameters.GetHyperparameter("lr"), 1e-17);
        for (int step = 1; step < 99; step++) warmUp.Step();
        Assert.Equal(0.05 * 0.99, warmUp.LastValues[0], 1e-17);
        warmUp.Step();
        warmUp.Step();
        Assert.Equal(0.05, warmUp.LastValues[0]);
    }
}
