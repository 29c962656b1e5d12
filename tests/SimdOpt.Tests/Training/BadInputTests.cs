using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training;

/// <summary>Every bad input is refused with an exception naming the problem, and changes nothing.</summary>
public class BadInputTests
{
    // An optimizer with one group that has taken a step, so "unchanged" covers state, step count and step state.
    private static (Optimizer<float> Optimizer, TrainingFixture<float> Fixture) Stepped()
    {
        var fixture = new TrainingFixture<float>(seed: 7, 100, 37);
        var optimizer = new Optimizer<float>(new NAdam(lr: 0.01), fixture.Parameters());
        fixture.ComputeGradients(0);
        optimizer.Step();
        return (optimizer, fixture);
    }

    private static void RefusedUnchanged<TException>(Optimizer<float> optimizer, Action action, string expectedMessagePart) where TException : Exception
    {
        string before = Snapshot.Of(optimizer);
        var error = Assert.Throws<TException>(action);
        Assert.Contains(expectedMessagePart, error.Message);
        Assert.Equal(before, Snapshot.Of(optimizer));
    }

    [Fact]
    public void Gradient_and_parameter_counts_that_differ_are_refused()
    {
        var (optimizer, _) = Stepped();
        RefusedUnchanged<ArgumentException>(optimizer,
            () => optimizer.AddGroup([new float[4], new float[4]], [new float[4]]), "There are 1 gradients for 2 parameters");
        Assert.Single(optimizer.Groups);
    }

    [Fact]
    public void Gradient_lengths_that_differ_are_refused()
    {
        var (optimizer, _) = Stepped();
        var error = Assert.Throws<ArgumentException>(() => new Parameter<float>(new float[4], new float[5]));
        Assert.Equal("gradient", error.ParamName);
        RefusedUnchanged<ArgumentException>(optimizer,
            () => optimizer.AddGroup([new float[4], new float[6]], [new float[4], new float[5]]), "Gradient 1 has 5 elements but parameter 1 has 6");
    }

    [Fact]
    public void A_tensor_registered_twice_is_refused()
    {
        var (optimizer, fixture) = Stepped();
        // In a new group, and within one group.
        RefusedUnchanged<ArgumentException>(optimizer, () => optimizer.AddGroup([new(fixture.Values[0], new float[100])]),
            "The parameter of tensor 0 in group 1 is registered twice: it is the same memory as the parameter of tensor 0 in group 0");
        float[] w = new float[8], g1 = new float[8], g2 = new float[8];
        RefusedUnchanged<ArgumentException>(optimizer, () => optimizer.AddGroup([new(w, g1), new(w, g2)]), "is registered twice");
        Assert.Single(optimizer.Groups);
    }

    [Fact]
    public void Overlapping_tensors_are_refused()
    {
        var (optimizer, _) = Stepped();
        float[] shared = new float[20];
        RefusedUnchanged<ArgumentException>(optimizer,
            () => optimizer.AddGroup([new(shared.AsMemory(0, 10), new float[10]), new(shared.AsMemory(5, 10), new float[10])]),
            "The parameter of tensor 1 in group 1 overlaps the parameter of tensor 0 in group 1");
    }

    [Fact]
    public void Parameter_and_gradient_memory_that_overlap_are_refused()
    {
        var (optimizer, fixture) = Stepped();
        float[] both = new float[20];
        RefusedUnchanged<ArgumentException>(optimizer,
            () => optimizer.AddGroup([new(both.AsMemory(0, 12), both.AsMemory(8, 12))]), "The gradient of tensor 0 in group 1 overlaps the parameter of tensor 0 in group 1");
        // A gradient that is another tensor's parameter, or a gradient shared by two tensors.
        RefusedUnchanged<ArgumentException>(optimizer,
            () => optimizer.AddGroup([new(new float[100], fixture.Values[0])]), "is the same memory as the parameter of tensor 0 in group 0");
        float[] gradient = new float[5];
        RefusedUnchanged<ArgumentException>(optimizer,
            () => optimizer.AddGroup([new(new float[5], gradient), new(new float[5], gradient)]), "The gradient of tensor 1 in group 1 is the same memory as the gradient of tensor 0 in group 1");
    }

    [Fact]
    public unsafe void Overlapping_native_memory_is_refused()
    {
        var (optimizer, _) = Stepped();
        float* memory = (float*)System.Runtime.InteropServices.NativeMemory.AllocZeroed(64, sizeof(float));
        try
        {
            RefusedUnchanged<ArgumentException>(optimizer,
                () => optimizer.AddGroup([Parameter<float>.FromPointers(memory, memory + 16, 16), Parameter<float>.FromPointers(memory + 32, memory + 8, 16)]),
                "overlaps");
        }
        finally
        {
            System.Runtime.InteropServices.NativeMemory.Free(memory);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_degree_of_parallelism_below_one_is_refused(int threads)
    {
        var (optimizer, _) = Stepped();
        optimizer.MaxDegreeOfParallelism = 3;
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.MaxDegreeOfParallelism = threads);
        Assert.Equal("MaxDegreeOfParallelism", error.ParamName);
        Assert.Equal(3, optimizer.MaxDegreeOfParallelism);
    }

    [Fact]
    public void The_default_degree_of_parallelism_is_every_core()
    {
        Assert.Equal(Environment.ProcessorCount, new Optimizer<float>(new Sgd()).MaxDegreeOfParallelism);
    }

    [Fact]
    public void Hyperparameters_of_another_optimizer_are_refused()
    {
        var (optimizer, _) = Stepped();
        RefusedUnchanged<ArgumentException>(optimizer, () => optimizer.AddGroup([new(new float[3], new float[3])], new Sgd()),
            "The group's hyperparameters are of optimizer 'sgd', but this optimizer is 'nadam'");
    }

    [Fact]
    public void A_failing_hyperparameter_rule_refuses_the_whole_step()
    {
        var fixture = new TrainingFixture<float>(seed: 8, 50, 50);
        var optimizer = new Optimizer<float>(new Sgd(lr: 0.1, momentum: 0.9), fixture.Parameters(..1));
        optimizer.AddGroup(fixture.Parameters(1..));
        fixture.ComputeGradients(0);
        optimizer.Step();
        // Group 1 turns Nesterov on with dampening, which torch.optim.SGD refuses; group 0 must not step either.
        optimizer.Groups[1].Hyperparameters.SetFlag("nesterov", true);
        optimizer.Groups[1].Hyperparameters.SetHyperparameter("dampening", 0.5);
        RefusedUnchanged<ArgumentException>(optimizer, optimizer.Step, "Nesterov momentum requires a positive momentum and zero dampening");
        optimizer.Groups[1].Hyperparameters.SetHyperparameter("dampening", 0);
        optimizer.Step();
        Assert.Equal([2L, 2L], optimizer.Groups.Select(g => g.StepCount));
    }

    [Fact]
    public void Unknown_tensors_buffers_and_settings_are_refused()
    {
        var (optimizer, _) = Stepped();
        Assert.Equal("buffer", Assert.Throws<ArgumentException>(() => optimizer.GetState(0, 0, "momentum_buffer")).ParamName);
        Assert.Equal("group", Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.GetState(1, 0, "exp_avg")).ParamName);
        Assert.Equal("tensor", Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.GetParameter(0, 2)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.KernelPath = (KernelPath)42);
        Assert.Equal(KernelPath.Auto, optimizer.KernelPath);
        Assert.Throws<NotSupportedException>(() => new Optimizer<Half>(new Sgd()));
        Assert.Throws<ArgumentNullException>(() => new Optimizer<float>(null!));
        Assert.Throws<ArgumentNullException>(() => optimizer.AddGroup(null!));
    }
}
