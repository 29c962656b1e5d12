using SimdOpt.Cli.Learning;
using SimdOpt.Kernels;
using SimdOpt.Optimizers;

namespace SimdOpt.Tests.Cli;

/// <summary>What the digits training does for the issue-16 optimizers: Schedule-Free measured at the average x, and
/// Sophia given Sophia-G's sampled-label Hessian estimate on exactly the steps that read it.</summary>
public class TrainerModesAndInputsTests
{
    private static readonly (DigitsSet Train, DigitsSet Test) Split =
        DigitsSet.Load().Split(TrainingPlan.Default.TestShare, TrainingPlan.Default.Seed);

    /// <summary>The trainer's final loss and accuracy are those at x, after three whole-set steps taken as if nothing
    /// ever switched (its switches to x and back for every curve point change nothing), and not those at y.</summary>
    [Fact]
    public void Schedule_free_is_measured_at_x_and_trains_on_as_if_never_switched()
    {
        var model = new SoftmaxRegression();
        var sgd = new ScheduleFreeSgd(lr: 0.1);
        var result = Trainer.Train(model, Split.Train, Split.Test, "schedulefree_sgd", sgd, BatchScheme.Full, 3, 7);

        var parameters = new float[model.ParameterCount];
        model.Initialize(parameters, new Random(7));
        var gradient = new float[parameters.Length];
        var state = new OptimizerState<float>(new ScheduleFreeSgd(lr: 0.1), parameters.Length);
        int[] all = Enumerable.Range(0, Split.Train.Count).ToArray();
        for (int step = 0; step < 3; step++)
        {
            model.LossAndGradient(parameters, Split.Train, all, gradient);
            state.Step(parameters, gradient);
        }
        double lossAtY = Evaluation.Loss(model, parameters, Split.Train);
        state.Eval(parameters);
        Assert.Equal(Evaluation.Loss(model, parameters, Split.Train), result.TrainingLoss);
        Assert.Equal(Evaluation.Accuracy(model, parameters, Split.Test), result.TestAccuracy);
        Assert.NotEqual(lossAtY, result.TrainingLoss);
    }

    /// <summary>With update period 3 the estimate comes on steps 4, 7 and 10, as Sophia reads it; every other step
    /// gets an empty span, so no extra pass is computed for it.</summary>
    [Fact]
    public void Sophia_gets_an_estimate_exactly_on_the_steps_that_read_it()
    {
        var model = new SoftmaxRegression();
        var parameters = new float[model.ParameterCount];
        model.Initialize(parameters, new Random(3));
        var gradient = new float[parameters.Length];
        var state = new OptimizerState<float>(new Sophia(lr: 1e-3, bs: 1, updatePeriod: 3), parameters.Length);
        var estimates = new SampledLabelHessian(state, 5);
        int[] batch = Enumerable.Range(0, 32).ToArray();
        var given = new List<long>();
        for (int step = 1; step <= 10; step++)
        {
            model.LossAndGradient(parameters, Split.Train, batch, gradient);
            var inputs = estimates.For(state, model, parameters, Split.Train, batch);
            Assert.Equal(1, inputs.Count);
            if (inputs[0].Length == parameters.Length) given.Add(step);
            else Assert.Equal(0, inputs[0].Length);
            state.Step(parameters, gradient, inputs);
        }
        Assert.Equal([4L, 7L, 10L], given);
    }

    /// <summary>The estimate is the batch size times the square of the gradient of the cross-entropy with labels
    /// sampled from the model: a model sure of class 3 samples 3 for every image, so it is B times the square of the
    /// gradient with every label 3.</summary>
    [Fact]
    public void The_estimate_is_B_times_the_squared_gradient_with_sampled_labels()
    {
        var model = new SoftmaxRegression();
        var parameters = new float[model.ParameterCount];
        model.Initialize(parameters, new Random(3));
        parameters[model.ParameterCount - DigitsSet.Classes + 3] = 20;   // the bias of class 3: p(3) > 1 - 1e-8
        var state = new OptimizerState<float>(new Sophia(updatePeriod: 1), parameters.Length);
        var gradient = new float[parameters.Length];
        int[] batch = [5, 9, 100, 7];
        state.Step(parameters, gradient, new InputSpans<float>([ReadOnlyMemory<float>.Empty]));   // step 1 reads none
        var estimates = new SampledLabelHessian(state, 11);
        var estimate = estimates.For(state, model, parameters, Split.Train, batch)[0].ToArray();

        var threes = Split.Train.Relabeled(batch, [3, 3, 3, 3]);
        model.LossAndGradient(parameters, threes, [0, 1, 2, 3], gradient);
        Assert.Equal(gradient.Select(v => 4 * v * v), estimate);
        Assert.Contains(estimate, v => v > 0);
    }
}
