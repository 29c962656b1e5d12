using System.Numerics;
using SimdOpt.Averaging;
using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Tests.Support;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training.Averaging;

/// <summary>
/// An average attached to an optimizer (<see cref="Optimizer{T}.Attach"/>), updated in the step's own pass, against
/// the same optimizer stepped with <c>Step()</c> and the average updated with <c>Update()</c> after it: the same bits
/// on every kernel path and thread count, with EMA warm-up, a decay changed between steps, and SWA; steps that do not
/// happen do not update it; misuse is refused naming the problem, changing nothing.
/// </summary>
public sealed class AttachedAverageTests
{
    // Tensors cut into several work items (32 Ki elements each) and into none but a tail, beside small ones.
    private static readonly int[] Lengths = [70_001, 37, 1, 4096, 33_000];

    public static TheoryData<KernelPath, int> PathsAndThreads()
    {
        var data = new TheoryData<KernelPath, int>();
        foreach (var path in Registered.AllPaths)
            foreach (int threads in new[] { 1, 2, 3 }) data.Add(path, threads);
        return data;
    }

    private static OptimizerHyperparameters[] Rules() =>
    [
        new Ema(decay: 0.9),
        new Ema(decay: 0.9999, minDecay: 0.2, updateAfterStep: 2, warmupGamma: 1, warmupPower: 2.0 / 3,
            useWarmup: true),
        new Swa(),
    ];

    // The optimizer's tensors in arrays of their own (a run each), or as slices of one flat buffer (one run).
    private sealed class Model<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public Model(bool flat, int[] lengths)
        {
            var random = new Random(7);
            if (flat)
            {
                var buffer = new ParameterBuffer<T>(lengths);
                Parameters = [.. buffer.Parameters];
            }
            else
            {
                Parameters = lengths.Select(n => new Parameter<T>(new T[n], new T[n])).ToArray();
            }
            foreach (var p in Parameters)
            {
                var values = p.Value.Span;
                for (int i = 0; i < values.Length; i++) values[i] = T.CreateTruncating(random.NextDouble() * 2 - 1);
            }
        }

        public Parameter<T>[] Parameters { get; }

        // Gradients that depend on the values reached, so a difference in a step shows in every later one.
        public void ComputeGradients(int step)
        {
            foreach (var p in Parameters)
            {
                Span<T> values = p.Value.Span, gradients = p.Gradient.Span;
                for (int i = 0; i < values.Length; i++)
                    gradients[i] = T.CreateTruncating(double.CreateTruncating(values[i]) * 0.5 + Math.Sin(step + i));
            }
        }

        public T[][] Values() => Parameters.Select(p => p.Value.ToArray()).ToArray();
    }

    private static T[][] Averages<T>(AveragedParameters<T> average) where T : unmanaged, IFloatingPointIeee754<T> =>
        Enumerable.Range(0, average.TensorCount).Select(k => average.GetAverage(k).ToArray()).ToArray();

    // Two copies of one model and optimizer, one updating its average by hand after each step, one attached; after
    // every step the parameters, the averages and the update counts are the same bits.
    private static void AssertFusedIsStepThenUpdate<T>(Func<OptimizerHyperparameters> optimizer,
        OptimizerHyperparameters rule, bool flat, KernelPath path, int threads, int steps = 6)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Model<T> byHand = new(flat, Lengths), fused = new(flat, Lengths);
        var reference = new Optimizer<T>(optimizer(), byHand.Parameters)
        {
            KernelPath = path,
            MaxDegreeOfParallelism = threads,
        };
        var attached = new Optimizer<T>(optimizer(), fused.Parameters)
        {
            KernelPath = path,
            MaxDegreeOfParallelism = threads,
        };
        var separate = new AveragedParameters<T>(reference, rule);
        var inStep = new AveragedParameters<T>(attached, rule);
        attached.Attach(inStep);
        string what = $"{optimizer().Info.Name}, {rule.Info.Name}, {(flat ? "flat" : "apart")}, {path}, {threads}";
        for (int step = 0; step < steps; step++)
        {
            if (step == 3 && rule is Ema)
            {
                // A decay schedule: the rule changes between steps, read by the next update.
                separate.Rule.SetHyperparameter("decay", 0.5);
                inStep.Rule.SetHyperparameter("decay", 0.5);
            }
            byHand.ComputeGradients(step);
            fused.ComputeGradients(step);
            reference.Step();
            separate.Update(path);
            attached.Step();
            Assert.Equal(separate.AveragedCount, inStep.AveragedCount);
            Bitwise.Equal(byHand.Values(), fused.Values(), $"{what}: parameters after step {step + 1}");
            Bitwise.Equal(Averages(separate), Averages(inStep), $"{what}: average after step {step + 1}");
        }
    }

    [Theory]
    [MemberData(nameof(PathsAndThreads))]
    public void The_fused_update_is_Step_then_Update_bit_for_bit(KernelPath path, int threads)
    {
        foreach (var rule in Rules())
            foreach (bool flat in new[] { false, true })
                AssertFusedIsStepThenUpdate<float>(() => new AdamW(lr: 0.01), rule, flat, path, threads);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void The_fused_update_is_Step_then_Update_in_double_and_after_a_step_with_reductions(int threads)
    {
        foreach (var rule in Rules())
        {
            AssertFusedIsStepThenUpdate<double>(() => new AdamW(lr: 0.01), rule, flat: true, KernelPath.Auto,
                threads);
            AssertFusedIsStepThenUpdate<float>(() => new Lamb(), rule, flat: true, KernelPath.Auto, threads);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_average_of_some_consecutive_tensors_averages_only_them(bool flat)
    {
        // The average follows tensors 1 and 2 of 4: in a flat buffer, a stretch in the middle of the one step run.
        Model<float> byHand = new(flat, Lengths[..4]), fused = new(flat, Lengths[..4]);
        var reference = new Optimizer<float>(new Sgd(lr: 0.1, momentum: 0.9), byHand.Parameters)
        {
            MaxDegreeOfParallelism = 2,
        };
        var attached = new Optimizer<float>(new Sgd(lr: 0.1, momentum: 0.9), fused.Parameters)
        {
            MaxDegreeOfParallelism = 2,
        };
        var separate = new AveragedParameters<float>(byHand.Parameters[1..3].Select(p => p.Value), new Ema(0.8));
        var inStep = new AveragedParameters<float>(fused.Parameters[1..3].Select(p => p.Value), new Ema(0.8));
        attached.Attach(inStep);
        for (int step = 0; step < 4; step++)
        {
            byHand.ComputeGradients(step);
            fused.ComputeGradients(step);
            reference.Step();
            separate.Update();
            attached.Step();
        }
        Bitwise.Equal(byHand.Values(), fused.Values(), "parameters");
        Bitwise.Equal(Averages(separate), Averages(inStep), "average");
        Assert.Equal(2, inStep.TensorCount);
    }

    [Fact]
    public void Several_averages_and_a_group_added_after_attaching_them()
    {
        var fixture = new TrainingFixture<float>(5, 300, 40_000);
        var byHand = fixture.CopyValues();
        var reference = new Optimizer<float>(new AdamW(lr: 0.01), byHand.Parameters(..1));
        var attached = new Optimizer<float>(new AdamW(lr: 0.01), fixture.Parameters(..1));
        AveragedParameters<float> emaByHand = new(reference, new Ema(0.99)), swaByHand = new(reference, new Swa());
        AveragedParameters<float> ema = new(attached, new Ema(0.99)), swa = new(attached, new Swa());
        attached.Attach(ema);
        attached.Attach(swa);
        Assert.Equal([ema, swa], attached.AttachedAverages);
        for (int step = 0; step < 6; step++)
        {
            if (step == 2)
            {
                // The new group is not averaged: the averages follow the tensors they were made of.
                reference.AddGroup(byHand.Parameters(1..));
                attached.AddGroup(fixture.Parameters(1..));
            }
            fixture.ComputeGradients(step);
            byHand.ComputeGradients(step);
            reference.Step();
            emaByHand.Update();
            swaByHand.Update();
            attached.Step();
        }
        Bitwise.Equal(byHand.Values, fixture.Values, "parameters");
        Bitwise.Equal(Averages(emaByHand), Averages(ema), "ema");
        Bitwise.Equal(Averages(swaByHand), Averages(swa), "swa");
        Assert.Equal(6, swa.AveragedCount);
    }

    [Fact]
    public void A_step_GradScaler_skips_for_an_infinite_gradient_skips_the_average_too()
    {
        var fixture = new TrainingFixture<float>(3, 1000);
        var byHand = fixture.CopyValues();
        var reference = new Optimizer<float>(new AdamW(lr: 0.01), byHand.Parameters());
        var attached = new Optimizer<float>(new AdamW(lr: 0.01), fixture.Parameters());
        var separate = new AveragedParameters<float>(reference, new Ema(0.9));
        var inStep = new AveragedParameters<float>(attached, new Ema(0.9));
        attached.Attach(inStep);
        GradScaler referenceScaler = new(initScale: 1024), scaler = new(initScale: 1024);
        for (int step = 0; step < 5; step++)
        {
            fixture.ComputeGradients(step, scale: scaler.Scale);
            byHand.ComputeGradients(step, scale: referenceScaler.Scale);
            if (step == 2)
            {
                fixture.Gradients[0][17] = float.PositiveInfinity;
                byHand.Gradients[0][17] = float.PositiveInfinity;
            }
            var before = inStep.GetAverage(0).ToArray();
            bool stepped = scaler.Step(attached);
            Assert.Equal(step != 2, stepped);
            if (referenceScaler.Step(reference)) separate.Update();
            if (!stepped) Bitwise.Equal<float>(before, inStep.GetAverage(0).Span, "the average of the skipped step");
            scaler.Update();
            referenceScaler.Update();
            Assert.Equal(separate.AveragedCount, inStep.AveragedCount);
        }
        Assert.Equal(4, inStep.AveragedCount);
        Bitwise.Equal(byHand.Values, fixture.Values, "parameters");
        Bitwise.Equal(Averages(separate), Averages(inStep), "average");
    }

    [Fact]
    public void A_refused_step_updates_no_average_and_a_swapped_average_refuses_the_step()
    {
        var fixture = new TrainingFixture<float>(9, 50, 20);
        var optimizer = new Optimizer<float>(new Sgd(lr: 0.1), fixture.Parameters());
        var ema = new AveragedParameters<float>(optimizer, new Ema(0.9));
        optimizer.Attach(ema);
        fixture.ComputeGradients(0);
        optimizer.Step();

        // Nesterov without momentum breaks Sgd's rule: the step is refused when prepared.
        optimizer.Groups[0].Hyperparameters.SetFlag("nesterov", true);
        string optimizerBefore = Snapshot.Of(optimizer);
        var averageBefore = Averages(ema);
        Assert.Throws<ArgumentException>(() => optimizer.Step());
        Assert.Equal(optimizerBefore, Snapshot.Of(optimizer));
        Bitwise.Equal(averageBefore, Averages(ema), "the average after a refused step");
        Assert.Equal(1, ema.AveragedCount);
        optimizer.Groups[0].Hyperparameters.SetFlag("nesterov", false);

        ema.Swap();
        string swappedBefore = Snapshot.Of(optimizer);
        var swapped = Assert.Throws<InvalidOperationException>(() => optimizer.Step());
        Assert.Contains("swapped", swapped.Message);
        Assert.Equal(swappedBefore, Snapshot.Of(optimizer));
        ema.Swap();
        Bitwise.Equal(averageBefore, Averages(ema), "the average after a step refused while swapped");
        optimizer.Step();
        Assert.Equal(2, ema.AveragedCount);
    }

    [Fact]
    public void Update_refuses_while_attached_and_works_again_once_detached()
    {
        var fixture = new TrainingFixture<float>(1, 64);
        var optimizer = new Optimizer<float>(new AdamW(), fixture.Parameters());
        var swa = new AveragedParameters<float>(optimizer, new Swa());
        Assert.False(swa.IsAttached);
        optimizer.Attach(swa);
        Assert.True(swa.IsAttached);
        var refused = Assert.Throws<InvalidOperationException>(() => swa.Update());
        Assert.Contains("attached to an optimizer", refused.Message);
        Assert.Equal(0, swa.AveragedCount);

        Assert.True(optimizer.Detach(swa));
        Assert.False(optimizer.Detach(swa));
        Assert.False(swa.IsAttached);
        Assert.Empty(optimizer.AttachedAverages);
        fixture.ComputeGradients(0);
        optimizer.Step();
        Assert.Equal(0, swa.AveragedCount);
        swa.Update();
        Assert.Equal(1, swa.AveragedCount);
    }

    [Fact]
    public void Misuse_is_refused_naming_the_problem_and_attaches_nothing()
    {
        var fixture = new TrainingFixture<float>(2, 10, 20, 30);
        var optimizer = new Optimizer<float>(new AdamW());
        optimizer.AddGroup(fixture.Parameters(..2));
        optimizer.AddGroup(fixture.Parameters(2..));
        var values = fixture.Values.Select(v => (Memory<float>)v).ToArray();

        Assert.Equal("average", Assert.Throws<ArgumentNullException>(() => optimizer.Attach(null!)).ParamName);
        void Refused(IEnumerable<Memory<float>> tensors, string message)
        {
            var average = new AveragedParameters<float>(tensors, new Ema());
            var e = Assert.Throws<ArgumentException>(() => optimizer.Attach(average));
            Assert.Equal("average", e.ParamName);
            Assert.Contains(message, e.Message);
            Assert.False(average.IsAttached);
        }
        Refused([new float[10]], "Tensor 0 of the average is none of this optimizer's parameters");
        Refused([values[0].Slice(0, 9)], "Tensor 0 of the average is none of this optimizer's parameters");
        Refused([values[1], values[0]], "Tensor 1 of the average is not the optimizer's next tensor, 0 of group 1");
        Refused([values[0], values[2]], "Tensor 1 of the average is not the optimizer's next tensor, 1 of group 0");
        Refused([values[1], values[2], new float[5]], "The average holds 3 tensors, but the optimizer has only 2 "
            + "from its tensor 1 of group 0 on");
        Assert.Empty(optimizer.AttachedAverages);

        var ema = new AveragedParameters<float>(optimizer, new Ema());
        optimizer.Attach(ema);
        var twice = Assert.Throws<ArgumentException>(() => optimizer.Attach(ema));
        Assert.Contains("attached to this optimizer already", twice.Message);
        var other = new Optimizer<float>(new AdamW(), fixture.Parameters());
        var elsewhere = Assert.Throws<ArgumentException>(() => other.Attach(ema));
        Assert.Contains("attached to another optimizer", elsewhere.Message);
        Assert.Single(optimizer.AttachedAverages);
        Assert.Empty(other.AttachedAverages);

        var swapped = new AveragedParameters<float>(optimizer, new Swa());
        swapped.Swap();
        Assert.Contains("swapped", Assert.Throws<InvalidOperationException>(() => optimizer.Attach(swapped)).Message);
        Assert.False(swapped.IsAttached);
        Assert.Equal("average", Assert.Throws<ArgumentNullException>(() => optimizer.Detach(null!)).ParamName);
    }
}
