using System.Diagnostics;
using SimdOpt.Kernels;

namespace SimdOpt.Cli.Learning;

/// <summary>
/// Trains a classifier on the digits with one optimizer and one batch scheme: each step averages the gradient over
/// its batch (the model's hand-written backward pass) and hands it to
/// <see cref="OptimizerState{T}.Step(Span{T}, ReadOnlySpan{T}, InputSpans{T}, SimdOpt.Kernels.KernelPath)"/>, with
/// Sophia-G's Hessian estimate as any input besides it, on the steps that read one
/// (<see cref="SampledLabelHessian"/>). Losses and accuracies are measured in eval mode: at the point an optimizer with
/// a switch evaluates at (Schedule-Free: the average x), which <see cref="OptimizerState{T}.Train"/> leaves again bit
/// for bit.
/// </summary>
internal static class Trainer
{
    /// <summary>How many points per epoch the loss curve gets (BGD, with one step per epoch, gets one).</summary>
    public const int CurvePointsPerEpoch = 4;

    /// <summary>
    /// Trains for <paramref name="epochs"/> passes over <paramref name="train"/>. The starting parameters come from
    /// <paramref name="seed"/> alone, so every optimizer and scheme starts from the same point; the order of the
    /// images is shuffled anew each epoch from the same seed.
    /// </summary>
    public static TrainingResult Train(IClassifier model, DigitsSet train, DigitsSet test, string optimizerLabel,
        OptimizerHyperparameters optimizer, BatchScheme scheme, int epochs, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epochs);
        var parameters = new float[model.ParameterCount];
        model.Initialize(parameters, new Random(seed));
        var gradient = new float[parameters.Length];
        var state = new OptimizerState<float>(optimizer, parameters.Length);
        var inputs = new SampledLabelHessian(state, seed ^ 0x4E55);
        var shuffle = new Random(seed ^ 0x5EED);
        int n = train.Count, batch = scheme.SizeFor(n);
        int stepsPerEpoch = (n + batch - 1) / batch;
        int curveEvery = Math.Max(1, stepsPerEpoch / CurvePointsPerEpoch);
        var order = Enumerable.Range(0, n).ToArray();
        var curveEpochs = new List<double> { 0 };
        var curveLoss = new List<double> { Evaluation.Loss(model, parameters, train) };   // no state yet: no switch
        var wall = new Stopwatch();
        long step = 0;
        bool diverged = false;
        for (int epoch = 0; epoch < epochs && !diverged; epoch++)
        {
            if (batch < n) shuffle.Shuffle(order);
            for (int start = 0; start < n && !diverged; start += batch)
            {
                wall.Start();
                var images = order.AsSpan(start, Math.Min(batch, n - start));
                double loss = model.LossAndGradient(parameters, train, images, gradient);
                state.Step(parameters, gradient, inputs.For(state, model, parameters, train, images));
                wall.Stop();
                step++;
                diverged = !double.IsFinite(loss);
                if (!diverged && step % curveEvery == 0) diverged = !Record(step);
            }
        }
        if (!diverged && step % curveEvery != 0) diverged = !Record(step);
        double trainingLoss = diverged ? double.NaN : curveLoss[^1];
        state.Eval(parameters);
        return new TrainingResult(model.Name, optimizerLabel, scheme, step, curveEpochs.ToArray(), curveLoss.ToArray(),
            trainingLoss, Evaluation.Accuracy(model, parameters, test), wall.Elapsed, diverged);

        bool Record(long at)
        {
            state.Eval(parameters);
            double loss = Evaluation.Loss(model, parameters, train);
            state.Train(parameters);
            if (!double.IsFinite(loss)) return false;
            curveEpochs.Add((double)at / stepsPerEpoch);
            curveLoss.Add(loss);
            return true;
        }
    }
}
