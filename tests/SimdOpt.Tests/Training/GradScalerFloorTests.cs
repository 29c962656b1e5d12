using SimdOpt.Optimizers;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training;

/// <summary>The loss scale stays positive and finite however long the gradients overflow, and unscaling that overflows
/// skips the step.</summary>
public class GradScalerFloorTests
{
    [Fact]
    public void Backing_off_stops_at_the_floor_and_the_state_saves_and_loads()
    {
        var parameter = new Parameter<float>(new float[] { 1, 2 }, new float[2]);
        var optimizer = new Optimizer<float>(new Sgd(lr: 0.5), [parameter]);
        var scaler = new GradScaler();
        // 65536 · 0.5^166 is below 2^-126; torch's scale reaches 0 after 166 such iterations.
        for (int i = 0; i < 200; i++)
        {
            parameter.Gradient.Span.Fill(float.PositiveInfinity);
            Assert.False(scaler.Step(optimizer));
            scaler.Update();
        }
        Assert.Equal(GradScaler.MinScale, scaler.Scale);
        Assert.Equal(MathF.Pow(2, -126), (float)scaler.Scale);

        using var file = new MemoryStream();
        Checkpoint.Save(file, optimizer, scaler: scaler);
        var restored = new GradScaler();
        file.Position = 0;
        Checkpoint.Load(file, optimizer, scaler: restored);
        Assert.Equal(GradScaler.MinScale, restored.Scale);

        // A clean iteration at the floor: the gradient 2^-125 unscales to 2, a finite step.
        parameter.Gradient.Span.Fill(MathF.Pow(2, -125));
        Assert.True(scaler.Step(optimizer));
        Assert.Equal([0f, 1f], parameter.Value.ToArray());
    }

    [Fact]
    public void A_gradient_that_overflows_when_unscaled_skips_the_step()
    {
        // In float, 1e10 · 1e30 overflows; in double, 1e300 · 1e30 does. At index 33 of 67, on a vector path where
        // there is one.
        OverflowSkips(1e10f);
        OverflowSkips(1e300);
    }

    private static void OverflowSkips<T>(T large) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var scaler = new GradScaler(initScale: 1e-30);
        var values = Enumerable.Range(0, 67).Select(i => T.CreateTruncating(i)).ToArray();
        var gradients = Enumerable.Repeat(T.CreateTruncating(1e-3), 67).ToArray();
        gradients[33] = large;
        var optimizer = new Optimizer<T>(new Sgd(), [new Parameter<T>(values, gradients)]);

        Assert.False(scaler.Step(optimizer));

        Assert.Equal(Enumerable.Range(0, 67).Select(i => T.CreateTruncating(i)), values);
        Assert.Equal(0, optimizer.Groups[0].StepCount);
        scaler.Update();
        Assert.Equal((double)(float)(1e-30 * 0.5), scaler.Scale);
    }

    [Fact]
    public void A_scale_below_the_floor_is_refused_when_given_and_when_loaded()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new GradScaler(initScale: 1e-40));
        Assert.Equal("initScale", error.ParamName);
        Assert.Contains("at least 1.1754943508222875E-38", error.Message);

        var optimizer = new Optimizer<float>(new Sgd(), [new Parameter<float>(new float[1], new float[1])]);
        using var file = new MemoryStream();
        Checkpoint.Save(file, optimizer, scaler: new GradScaler(initScale: GradScaler.MinScale));
        byte[] bytes = file.ToArray();
        // The scale is the scaler section's first field: 4 bytes before the tracker, the tracker 4 before the CRC.
        int scaleAt = bytes.Length - 4 - 4 - 4;
        BitConverter.GetBytes(1e-40f).CopyTo(bytes, scaleAt);
        CheckpointBytes.FixCrc(bytes);
        var scaler = new GradScaler();
        var refused = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(new MemoryStream(bytes), optimizer, scaler: scaler));
        Assert.Contains("loss scale", refused.Message);
        Assert.Equal(65536.0, scaler.Scale);
    }
}
