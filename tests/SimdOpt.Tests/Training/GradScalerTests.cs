using SimdOpt.Optimizers;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training;

public class GradScalerTests
{
    [Fact]
    public void Defaults_are_torch_s()
    {
        var scaler = new GradScaler();
        Assert.Equal(65536.0, scaler.Scale);
        Assert.Equal(2.0, scaler.GrowthFactor);
        Assert.Equal(0.5, scaler.BackoffFactor);
        Assert.Equal(2000, scaler.GrowthInterval);
        Assert.Equal(131072.0, scaler.ScaleLoss(2.0));
    }

    [Fact]
    public void Skips_steps_with_non_finite_gradients_backs_off_and_grows()
    {
        var fixture = new TrainingFixture<float>(seed: 31, 100, 9);
        var optimizer = new Optimizer<float>(new Adam(lr: 0.01), fixture.Parameters());
        var scaler = new GradScaler(initScale: 1024, growthInterval: 3);
        var reference = fixture.CopyValues();
        var unscaled = new Optimizer<float>(new Adam(lr: 0.01), reference.Parameters());

        // Each entry: what the gradients hold, whether the step is taken, and the scale and growth tracker after
        // Update.
        (string Gradient, bool Stepped, double Scale, int Tracker)[] sequence =
        [
            ("finite", true, 1024, 1),
            ("finite", true, 1024, 2),
            ("finite", true, 2048, 0),     // three clean steps: the scale doubles
            ("inf", false, 1024, 0),       // skipped, halved
            ("nan", false, 512, 0),
            ("finite", true, 512, 1),
        ];
        long steps = 0;
        for (int i = 0; i < sequence.Length; i++)
        {
            var (gradient, stepped, scale, tracker) = sequence[i];
            fixture.ComputeGradients(i, scaler.Scale);
            if (gradient == "inf") fixture.Gradients[1][4] = float.PositiveInfinity;
            if (gradient == "nan") fixture.Gradients[0][99] = float.NaN;
            string before = Snapshot.Of(optimizer, includeGradients: false);

            Assert.Equal(stepped, scaler.Step(optimizer));
            scaler.Update();

            Assert.Equal(scale, scaler.Scale);
            Assert.Equal(tracker, scaler.GrowthTracker);
            if (!stepped)
            {
                // Parameters, state, step counts and step state as they were (only the gradients were unscaled, in
                // place).
                Assert.Equal(before, Snapshot.Of(optimizer, includeGradients: false));
                Assert.Equal(steps, optimizer.Groups[0].StepCount);
                Bitwise.Equal(reference.Values, fixture.Values, $"parameters after the skipped step {i}");
                continue;
            }
            // A clean step equals the unscaled step: scales are powers of two, so unscaling is exact.
            reference.ComputeGradients(i);
            Bitwise.Equal(reference.Gradients, fixture.Gradients, $"unscaled gradients of step {i}");
            unscaled.Step();
            steps++;
            Bitwise.Equal(reference.Values, fixture.Values, $"parameters after step {i}");
            Assert.Equal(steps, optimizer.Groups[0].StepCount);
        }
    }

    [Fact]
    public void Unscale_before_clipping_is_not_repeated_by_step()
    {
        var gradient = new float[] { 2048, -1024 };
        var optimizer = new Optimizer<float>(new Sgd(lr: 1), [new Parameter<float>(new float[2], gradient)]);
        var scaler = new GradScaler(initScale: 1024);
        scaler.Unscale(optimizer);
        Assert.Equal([2f, -1f], gradient);
        Assert.True(scaler.Step(optimizer));
        Assert.Equal([2f, -1f], gradient);
        Assert.Equal([-2f, 1f], optimizer.GetParameter(0, 0).Value.ToArray());
    }

    [Fact]
    public void Calls_out_of_order_are_refused()
    {
        var optimizer = new Optimizer<float>(new Sgd(), [new Parameter<float>(new float[2], new float[2])]);
        var scaler = new GradScaler();
        Assert.Contains("No gradients were checked", Assert.Throws<InvalidOperationException>(scaler.Update).Message);
        scaler.Unscale(optimizer);
        Assert.Contains("already been called", Assert.Throws<InvalidOperationException>(() => scaler.Unscale(optimizer)).Message);
        scaler.Step(optimizer);
        Assert.Contains("Step has already been called", Assert.Throws<InvalidOperationException>(() => scaler.Step(optimizer)).Message);
        Assert.Contains("after Step", Assert.Throws<InvalidOperationException>(() => scaler.Unscale(optimizer)).Message);
        scaler.Update();
        Assert.True(scaler.Step(optimizer));
    }

    [Fact]
    public void Growth_stops_short_of_overflow()
    {
        var optimizer = new Optimizer<float>(new Sgd(), [new Parameter<float>(new float[1], new float[1])]);
        var scaler = new GradScaler(initScale: float.MaxValue, growthInterval: 1);
        scaler.Step(optimizer);
        scaler.Update();
        Assert.Equal(float.MaxValue, scaler.Scale);
        Assert.Equal(0, scaler.GrowthTracker);
    }

    [Fact]
    public void Bad_settings_are_refused()
    {
        Assert.Equal("initScale", Assert.Throws<ArgumentOutOfRangeException>(() => new GradScaler(initScale: 0)).ParamName);
        Assert.Equal("initScale", Assert.Throws<ArgumentOutOfRangeException>(() => new GradScaler(initScale: 1e39)).ParamName);
        Assert.Equal("growthFactor", Assert.Throws<ArgumentOutOfRangeException>(() => new GradScaler(growthFactor: 1)).ParamName);
        Assert.Equal("backoffFactor", Assert.Throws<ArgumentOutOfRangeException>(() => new GradScaler(backoffFactor: 1)).ParamName);
        Assert.Equal("growthInterval", Assert.Throws<ArgumentOutOfRangeException>(() => new GradScaler(growthInterval: 0)).ParamName);
    }
}
