using SimdOpt.Averaging;
using SimdOpt.Optimizers;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training;

/// <summary>The examples of docs/training.md, compiled and run as they are written there.</summary>
public class TrainingGuideTests
{
    // The data of the example: y = 2·x0 - 1·x1 + 0.5·x2 + 3·x3 + 0.25 on fixed inputs.
    private static readonly float[] TrueWeights = [2, -1, 0.5f, 3];
    private const float TrueBias = 0.25f;
    private static readonly float[][] Inputs = Enumerable.Range(0, 32)
        .Select(i => new[] { MathF.Sin(i), MathF.Cos(i), MathF.Sin(2 * i), MathF.Cos(3 * i) }).ToArray();

    // The example's backward pass: gradients of the mean squared error of y = w·x + b.
    private static void ComputeGradients(float[] w, float[] b, float[] gw, float[] gb)
    {
        Array.Clear(gw);
        Array.Clear(gb);
        foreach (float[] x in Inputs)
        {
            float error = b[0] - TrueBias;
            for (int k = 0; k < w.Length; k++) error += (w[k] - TrueWeights[k]) * x[k];
            for (int k = 0; k < w.Length; k++) gw[k] += 2 * error * x[k] / Inputs.Length;
            gb[0] += 2 * error / Inputs.Length;
        }
    }

    [Fact]
    public void The_training_loop_example_fits_the_model_and_resumes_from_its_checkpoint()
    {
        string directory = Directory.CreateTempSubdirectory("simdopt-guide-").FullName;
        string path = Path.Combine(directory, "run.ckpt"), emaPath = Path.Combine(directory, "run.ema");
        try
        {
            // --- docs/training.md: "A training loop" ---
            float[] w = new float[4], b = new float[1];     // the model: y = w·x + b
            float[] gw = new float[4], gb = new float[1];   // its gradients, filled by your backward pass

            var optimizer = new Optimizer<float>(new AdamW(lr: 0.05));
            optimizer.AddGroup([new Parameter<float>(w, gw)]);                                     // weights: decayed
            optimizer.AddGroup([new Parameter<float>(b, gb)], new AdamW(lr: 0.05, weightDecay: 0)); // biases: not decayed
            var schedule = new SequentialLR(optimizer,
                [new LinearLR(optimizer, startFactor: 0.1, totalIters: 20), new CosineAnnealingLR(optimizer, tMax: 380, etaMin: 1e-4)],
                milestones: [20]);
            var ema = new AveragedParameters<float>(optimizer, new Ema(decay: 0.95));   // an averaged copy of w and b
            optimizer.Attach(ema);                          // every step updates it, in the same pass over w and b

            for (int step = 0; step < 400; step++)
            {
                ComputeGradients(w, b, gw, gb);
                GradientClipping.ClipGradNormAndStep(optimizer, maxNorm: 1.0);   // clip_grad_norm_ + step
                schedule.Step();
                if (step == 199)
                {
                    Checkpoint.SaveFile(path, optimizer, schedule, includeParameters: true);
                    ema.SaveFile(emaPath);
                }
            }

            ema.Swap();      // w and b hold the average: evaluate it, save it as the model
            float[] averagedW = [.. w], averagedB = [.. b];
            ema.Swap();      // w and b hold the trained values again
            // --- end of the example ---

            for (int k = 0; k < 4; k++) Assert.Equal(TrueWeights[k], w[k], 0.02f);
            Assert.Equal(TrueBias, b[0], 0.02f);
            // The average trails the weights, which settle as the learning rate anneals: it is as close.
            for (int k = 0; k < 4; k++) Assert.Equal(TrueWeights[k], averagedW[k], 0.02f);
            Assert.Equal(TrueBias, averagedB[0], 0.02f);
            Assert.Equal(averagedW, ema.GetAverage(0).ToArray());
            Assert.Equal(400, ema.AveragedCount);

            // --- docs/training.md: "Resuming" ---
            float[] w2 = new float[4], b2 = new float[1], gw2 = new float[4], gb2 = new float[1];
            var resumed = new Optimizer<float>(new AdamW(lr: 0.05));
            resumed.AddGroup([new Parameter<float>(w2, gw2)]);
            resumed.AddGroup([new Parameter<float>(b2, gb2)], new AdamW(lr: 0.05, weightDecay: 0));
            var resumedSchedule = new SequentialLR(resumed,
                [new LinearLR(resumed, startFactor: 0.1, totalIters: 20), new CosineAnnealingLR(resumed, tMax: 380, etaMin: 1e-4)],
                milestones: [20]);
            var resumedEma = new AveragedParameters<float>(resumed, new Ema(decay: 0.95));
            Checkpoint.LoadFile(path, resumed, resumedSchedule);   // parameters, state, step counts, schedule position
            resumedEma.LoadFile(emaPath);                          // the average and its update count
            resumed.Attach(resumedEma);                            // updated by every step again
            for (int step = 200; step < 400; step++)
            {
                ComputeGradients(w2, b2, gw2, gb2);
                GradientClipping.ClipGradNormAndStep(resumed, maxNorm: 1.0);
                resumedSchedule.Step();
            }
            // --- end of the example ---

            Assert.Equal(w, w2);
            Assert.Equal(b, b2);
            Assert.Equal(ema.GetAverage(0).ToArray(), resumedEma.GetAverage(0).ToArray());
            Assert.Equal(ema.GetAverage(1).ToArray(), resumedEma.GetAverage(1).ToArray());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void The_weight_averaging_example_averages_the_last_hundred_steps_at_the_swa_learning_rate()
    {
        float[] w = new float[4], b = new float[1], gw = new float[4], gb = new float[1];

        // --- docs/training.md: "Weight averaging" ---
        var optimizer = new Optimizer<float>(new Sgd(lr: 0.05, momentum: 0.9),
            [new Parameter<float>(w, gw), new Parameter<float>(b, gb)]);
        var swa = new AveragedParameters<float>(optimizer, new Swa());
        var swaSchedule = new SWALR(optimizer, swaLr: 0.01, annealEpochs: 5, annealStrategy: AnnealStrategy.Linear);
        for (int step = 0; step < 300; step++)
        {
            ComputeGradients(w, b, gw, gb);
            optimizer.Step();
            if (step >= 200)                      // torch's swa_start
            {
                swa.Update();
                swaSchedule.Step();
            }
        }
        swa.Swap();      // w and b hold the average (torch's swa_model); update_bn's pass goes here
        // --- end of the example ---

        Assert.Equal(100, swa.AveragedCount);
        Assert.Equal(0.01, optimizer.Groups[0].Hyperparameters.GetHyperparameter("lr"), 1e-15);
        for (int k = 0; k < 4; k++) Assert.Equal(TrueWeights[k], w[k], 0.02f);
        Assert.Equal(TrueBias, b[0], 0.02f);
    }

    [Fact]
    public void The_loss_scaling_example_skips_an_overflowing_step()
    {
        float[] w = new float[4], b = new float[1], gw = new float[4], gb = new float[1];
        var optimizer = new Optimizer<float>(new AdamW(lr: 0.05));
        optimizer.AddGroup([new Parameter<float>(w, gw), new Parameter<float>(b, gb)]);
        int skipped = 0;

        // --- docs/training.md: "Loss scaling" ---
        var scaler = new GradScaler();                       // scale 65536, ×2 every 2000 clean steps, ×0.5 on overflow
        for (int step = 0; step < 50; step++)
        {
            ComputeGradients(w, b, gw, gb);                  // back-propagate scaler.ScaleLoss(loss): gradients × Scale
            for (int k = 0; k < 4; k++) gw[k] *= (float)scaler.Scale;
            gb[0] *= (float)scaler.Scale;
            if (step == 10) gw[0] = float.PositiveInfinity;  // an overflow in half precision, say
            if (!scaler.Step(optimizer, maxNorm: 1.0).Stepped) skipped++;   // unscale, clip, step; skipped: no change
            scaler.Update();
        }
        // --- end of the example ---

        Assert.Equal(1, skipped);
        Assert.Equal(49, optimizer.Groups[0].StepCount);
        Assert.Equal(32768.0, scaler.Scale);
    }
}
