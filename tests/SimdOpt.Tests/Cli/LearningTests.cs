using SimdOpt.Cli.Demo;
using SimdOpt.Cli.Learning;

namespace SimdOpt.Tests.Cli;

/// <summary>The digits, the hand-written backward passes, and training that really learns.</summary>
public class LearningTests
{
    private static readonly (DigitsSet Train, DigitsSet Test) Split = DigitsSet.Load().Split(TrainingPlan.Default.TestShare, TrainingPlan.Default.Seed);

    [Fact]
    public void The_embedded_digits_load_whole()
    {
        var digits = DigitsSet.Load();
        Assert.Equal(1797, digits.Count);
        Assert.Equal(Enumerable.Range(0, 10), Enumerable.Range(0, digits.Count).Select(digits.Label).Distinct().Order());
        for (int i = 0; i < digits.Count; i++)
            Assert.All(digits.Image(i).ToArray(), v => Assert.InRange(v, 0f, 1f));
        // The first line of the file: a 0 whose second row starts 0,0,13,15.
        Assert.Equal(0, digits.Label(0));
        Assert.Equal(13 / 16f, digits.Image(0)[10]);
    }

    [Fact]
    public void The_split_holds_out_a_fifth_and_keeps_every_image()
    {
        var (train, test) = Split;
        Assert.Equal(359, test.Count);
        Assert.Equal(1797 - 359, train.Count);
        var all = DigitsSet.Load();
        int[] Count(DigitsSet d) => Enumerable.Range(0, 10).Select(c => Enumerable.Range(0, d.Count).Count(i => d.Label(i) == c)).ToArray();
        Assert.Equal(Count(all), Count(train).Zip(Count(test), (a, b) => a + b));
    }

    [Theory]
    [InlineData("1,2,3\n", "Digits line 1: 3 fields, expected 65.")]
    [InlineData("17" + ",0" + ",0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0", "Digits line 1, field 1: '17' is not an integer from 0 to 16.")]
    public void Malformed_digits_name_the_line(string text, string message)
    {
        var e = Assert.Throws<FormatException>(() => DigitsSet.Parse(new StringReader(text)));
        Assert.Equal(message, e.Message);
    }

    public static TheoryData<string> Models => new() { "softmax", "mlp" };

    [Theory]
    [MemberData(nameof(Models))]
    public void Backward_pass_matches_finite_differences(string name)
    {
        IClassifier model = name == "mlp" ? new Mlp(8) : new SoftmaxRegression();
        var p = new float[model.ParameterCount];
        model.Initialize(p, new Random(1));
        // Biases away from zero, so every block of the gradient is exercised.
        for (int i = 0; i < p.Length; i++) p[i] += (float)(0.05 * Math.Sin(i));
        int[] batch = [0, 5, 17, 300, 1001];
        var gradient = new float[p.Length];
        model.LossAndGradient(p, Split.Train, batch, gradient);
        var scratch = new float[p.Length];
        const float h = 1e-3f;
        for (int i = 0; i < p.Length; i += name == "mlp" ? 3 : 1)
        {
            float saved = p[i];
            p[i] = saved + h;
            double up = model.LossAndGradient(p, Split.Train, batch, scratch);
            p[i] = saved - h;
            double down = model.LossAndGradient(p, Split.Train, batch, scratch);
            p[i] = saved;
            double numeric = (up - down) / (2 * h);
            Assert.True(Math.Abs(numeric - gradient[i]) <= 2e-3 + 2e-2 * Math.Abs(numeric),
                $"parameter {i}: backward {gradient[i]}, finite difference {numeric}");
        }
    }

    [Fact]
    public void Softmax_regression_with_adam_reaches_90_percent_held_out()
    {
        var adam = DemoOptimizers.All().Single(o => o.Label == "adam");
        var (model, epochs) = TrainingPlan.Default.Models.Single(m => m.Model is SoftmaxRegression);
        var result = Trainer.Train(model, Split.Train, Split.Test, "adam", adam.ForTraining(), BatchScheme.MiniBatch, epochs, TrainingPlan.Default.Seed);
        Assert.False(result.Diverged);
        Assert.True(result.TestAccuracy >= 0.90, $"held-out accuracy {result.TestAccuracy:P1}");
        Assert.True(result.TrainingLoss < result.CurveLoss[0] / 10, $"loss {result.CurveLoss[0]} -> {result.TrainingLoss}");
        Assert.Equal(epochs * 45, result.Steps); // 1438 images in batches of 32: 45 steps per epoch
    }

    [Fact]
    public void Training_is_deterministic_and_bgd_takes_one_step_per_epoch()
    {
        var sgd = DemoOptimizers.All().Single(o => o.Label == "sgd");
        TrainingResult Run() => Trainer.Train(new Mlp(16), Split.Train, Split.Test, "sgd", sgd.ForTraining(), BatchScheme.Full, 3, 11);
        var a = Run();
        var b = Run();
        Assert.Equal(a.CurveLoss, b.CurveLoss);
        Assert.Equal(a.TestAccuracy, b.TestAccuracy);
        Assert.Equal(3, a.Steps);
        Assert.Equal([0.0, 1, 2, 3], a.CurveEpochs);
        Assert.True(a.CurveLoss[3] < a.CurveLoss[0]);
    }

    [Fact]
    public void A_diverging_run_is_reported_as_such()
    {
        var sgd = SimdOpt.Kernels.OptimizerRegistry.Get("sgd").Create();
        // Gradient ascent on the loss with a huge step: the logits pass float's range within a few steps.
        sgd.SetFlag("maximize", true);
        sgd.SetHyperparameter("lr", 1e38);
        var result = Trainer.Train(new SoftmaxRegression(), Split.Train, Split.Test, "sgd", sgd, BatchScheme.MiniBatch, 2, 1);
        Assert.True(result.Diverged);
        Assert.True(double.IsNaN(result.TrainingLoss));
        Assert.True(result.Steps < 2 * 45);
    }
}
