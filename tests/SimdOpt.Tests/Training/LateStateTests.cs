using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training;

/// <summary>
/// State created by the first step in which one of its buffers exists (<see cref="StepProtocol{T}"/>), as torch.optim
/// creates it lazily: SGD whose momentum is turned on after the first step starts its buffer as a copy of the gradient.
/// The expected numbers are torch.optim.SGD's (<c>buf = clone(d_p)</c> when the buffer is None, else
/// <c>buf.mul_(momentum).add_(d_p, alpha=1 - dampening)</c>; <c>p.add_(buf, alpha=-lr)</c>), worked by hand: every
/// value is exact in binary.
/// </summary>
public sealed class LateStateTests
{
    // lr 0.25, p = 1. Step 1 without momentum, g = 1: p = 0.75. Step 2 with momentum 0.5 and dampening 0.5, g = 2:
    // buf = 2 (not 0.5 * 0 + 0.5 * 2 = 1, which would give p = 0.5), p = 0.25. Step 3, g = 2: buf = 0.5 * 2 + 0.5 * 2 =
    // 2, p = -0.25. Step 4 without momentum, g = 1: p = -0.5, buf kept. Step 5 with momentum again, g = 4: buf = 0.5 *
    // 2 + 0.5 * 4 = 3, p = -1.25.
    private static readonly (double Momentum, double Gradient, double Parameter, double? Buffer)[] TorchSteps =
    [
        (0, 1, 0.75, null),
        (0.5, 2, 0.25, 2),
        (0.5, 2, -0.25, 2),
        (0, 1, -0.5, 2),
        (0.5, 4, -1.25, 3),
    ];

    [Fact]
    public void OptimizerState_starts_a_late_momentum_buffer_as_the_gradient_as_torch()
    {
        var sgd = new Sgd(lr: 0.25, dampening: 0.5);
        var state = new OptimizerState<double>(sgd, 1);
        double[] p = [1];
        foreach (var (momentum, gradient, parameter, buffer) in TorchSteps)
        {
            sgd.Momentum = momentum;
            state.Step(p, [gradient]);
            Assert.Equal(parameter, p[0]);
            if (buffer is { } b) Assert.Equal(b, state.Buffer("momentum_buffer")[0]);
        }
        Assert.Equal(TorchSteps.Length, state.StepCount);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Optimizer_starts_a_late_momentum_buffer_as_the_gradient_as_torch(int threads)
    {
        float[] p = [1, 1], g = new float[2];
        var optimizer = new Optimizer<float>(new Sgd(lr: 0.25, dampening: 0.5), [new(p, g)]) { MaxDegreeOfParallelism = threads };
        foreach (var (momentum, gradient, parameter, buffer) in TorchSteps)
        {
            optimizer.Groups[0].Hyperparameters.SetHyperparameter("momentum", momentum);
            Array.Fill(g, (float)gradient);
            optimizer.Step();
            Assert.Equal([(float)parameter, (float)parameter], p);
            if (buffer is { } b) Assert.Equal([(float)b, (float)b], optimizer.GetState(0, 0, "momentum_buffer").ToArray());
        }
    }

    [Fact]
    public void A_checkpoint_keeps_whether_the_state_exists()
    {
        double[] p = [1], g = [1];
        var optimizer = new Optimizer<double>(new Sgd(lr: 0.25, dampening: 0.5), [new(p, g)]);
        optimizer.Step();
        var saved = new MemoryStream();
        Checkpoint.Save(saved, optimizer);

        double[] q = [0.75], h = [2];
        var restored = new Optimizer<double>(new Sgd(lr: 0.25, dampening: 0.5), [new(q, h)]);
        saved.Position = 0;
        Checkpoint.Load(saved, restored);
        Assert.Equal(1, restored.Groups[0].StepCount);
        restored.Groups[0].Hyperparameters.SetHyperparameter("momentum", 0.5);
        restored.Step();
        Assert.Equal(0.25, q[0]);
        Assert.Equal(2, restored.GetState(0, 0, "momentum_buffer")[0]);
    }

    /// <summary>
    /// Adam's moments always exist: its state is created by step 1, so t is the group's step number, as before. SGD
    /// without momentum has no buffer, so no state: every step counts as taken before the state.
    /// </summary>
    [Theory]
    [InlineData("adam", 1, 0)]
    [InlineData("sgd", 0, 3)]
    public void The_state_is_created_by_the_first_step_with_a_buffer(string name, int createdBy, int stepsBeforeState)
    {
        var protocol = new StepProtocol<double>(OptimizerRegistry.Get(name).Create());
        for (int step = 1; step <= 3; step++)
        {
            protocol.Prepare();
            Assert.Equal(step == createdBy, protocol.CreatesState);
            protocol.Commit();
        }
        Assert.Equal(3, protocol.StepCount);
        Assert.Equal(stepsBeforeState, protocol.StepsBeforeState);
        Assert.Equal(stepsBeforeState == 0, protocol.HasState);
    }

    [Fact]
    public void A_refused_step_changes_nothing_and_apply_needs_a_prepared_step()
    {
        var sgd = new Sgd(lr: 0.25, momentum: 0.5);
        var protocol = new StepProtocol<double>(sgd);
        double[] p = [1], g = [1], buffer = [42];
        Assert.Equal("There is no prepared step to apply: call Prepare first.",
            Assert.Throws<InvalidOperationException>(() => protocol.Apply(p, g, new StateSpans<double>(buffer, 1, 1))).Message);
        sgd.Nesterov = true;
        sgd.Dampening = 0.5;
        Assert.Throws<ArgumentException>(protocol.Prepare);
        Assert.Throws<InvalidOperationException>(protocol.Commit);
        Assert.Equal(0, protocol.StepCount);
        Assert.Equal([1.0], p);
        Assert.Equal([42.0], buffer);
    }
}
