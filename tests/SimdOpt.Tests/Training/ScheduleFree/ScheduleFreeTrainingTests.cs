using System.Text.Json;
using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Tests.Support;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training.ScheduleFree;

/// <summary>
/// Schedule-Free end to end in the training runtime: the eval/train round trip of the reference
/// (eval_switch.json, from make_schedulefree.py), stepping refused in eval mode with nothing changed, idempotent
/// switches, the switch on every path and thread count with the same bits, and a checkpoint saved in eval mode that
/// resumes.
/// </summary>
public sealed class ScheduleFreeTrainingTests
{
    private static readonly string SwitchFile = Path.Combine(RepositoryPaths.Root, "tests", "SimdOpt.Tests", "Training",
        "ScheduleFree", "eval_switch.json");

    /// <summary>The cases of eval_switch.json, by their golden case number.</summary>
    public static TheoryData<int> SwitchCases => [28, 29, 30, 31, 32];

    /// <summary>Eval after step 10 gives the reference's x, train its y again, and the steps after follow the
    /// reference's trajectory, all within the golden pass rule.</summary>
    [Theory]
    [MemberData(nameof(SwitchCases))]
    public void The_eval_train_round_trip_follows_the_reference(int number)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SwitchFile));
        var run = document.RootElement.EnumerateArray().Single(c => c.GetProperty("case").GetInt32() == number);
        var hyperparameters = OptimizerRegistry.Get(run.GetProperty("optimizer").GetString()!).Create();
        foreach (var setting in run.GetProperty("hyperparameters").EnumerateObject())
            hyperparameters.SetHyperparameter(setting.Name, setting.Value.GetDouble());
        float[] p = Floats(run.GetProperty("params")), g = new float[p.Length];
        var optimizer = new Optimizer<float>(hyperparameters, [new Parameter<float>(p, g)]);
        var grads = run.GetProperty("grads").EnumerateArray().Select(Floats).ToArray();
        var expected = run.GetProperty("expected").EnumerateArray().Select(Floats).ToArray();
        int switchAfter = run.GetProperty("switch_after").GetInt32();
        for (int step = 0; step < grads.Length; step++)
        {
            grads[step].CopyTo(g, 0);
            optimizer.Step();
            AssertWithinPassRule(expected[step], p, $"step {step + 1}");
            if (step + 1 != switchAfter) continue;
            optimizer.Eval();
            AssertWithinPassRule(Floats(run.GetProperty("eval")), p, "after eval()");
            optimizer.Train();
            AssertWithinPassRule(Floats(run.GetProperty("train")), p, "after train()");
        }
    }

    /// <summary>In eval mode a step is refused, as the reference raises, and changes nothing: not the parameters, not
    /// the state, not the step count.</summary>
    [Fact]
    public void A_step_in_eval_mode_is_refused_and_changes_nothing()
    {
        var (optimizer, p, g) = Trained(new ScheduleFreeAdamW(lr: 0.01), steps: 3);
        optimizer.Eval();
        float[] before = [.. p], z = optimizer.GetState(0, 0, "z").ToArray();
        var refusal = Assert.Throws<InvalidOperationException>(optimizer.Step);
        Assert.Equal("Optimizer 'schedulefree_adamw' is in eval mode, where it does not step: call Train() before "
            + "stepping (and Eval() before evaluating or saving). Nothing was changed.", refusal.Message);
        Assert.Equal(before, p);
        Assert.Equal(z, optimizer.GetState(0, 0, "z").ToArray());
        Assert.Equal(3, optimizer.Groups[0].StepCount);
        optimizer.Train();
        optimizer.Step();
        Assert.Equal(4, optimizer.Groups[0].StepCount);
    }

    /// <summary>Each switch moves the parameters once: calling it again in the same mode moves nothing, as the
    /// reference's train() and eval() check their mode first; and a switch before the first step (no state yet) moves
    /// nothing either.</summary>
    [Fact]
    public void Switches_are_idempotent_and_move_nothing_before_the_state_exists()
    {
        var (fresh, start, _) = Trained(new ScheduleFreeSgd(lr: 0.1), steps: 0);
        float[] untouched = [.. start];
        fresh.Eval();
        Assert.Equal(OptimizerMode.Eval, fresh.Mode);
        Assert.Equal(untouched, start);
        fresh.Train();

        var (optimizer, p, _) = Trained(new ScheduleFreeSgd(lr: 0.1), steps: 4);
        optimizer.Train();
        float[] y = [.. p];
        Assert.Equal(y, p);
        optimizer.Eval();
        float[] x = [.. p];
        Assert.NotEqual(y, x);
        optimizer.Eval();
        Assert.Equal(x, p);
    }

    /// <summary>The switch, like the step, gives the same bits on every path and with 1, 2 or 3 threads, over tensors
    /// side by side in one flat buffer (one run cut into work items) and tensors apart.</summary>
    [Theory]
    [InlineData("schedulefree_adamw")]
    [InlineData("schedulefree_sgd")]
    public void The_switch_gives_the_same_bits_on_every_path_and_thread_count(string name)
    {
        float[]? reference = null;
        foreach (int threads in new[] { 1, 2, 3 })
            foreach (var path in new[] { KernelPath.Scalar }.Concat(Registered.NonScalarPaths))
            {
                var hyperparameters = OptimizerRegistry.Get(name).Create();
                hyperparameters.SetHyperparameter("lr", 0.05);
                var (optimizer, flat) = FlatOptimizer(hyperparameters, [3000, 17, 40_000, 1]);
                optimizer.MaxDegreeOfParallelism = threads;
                optimizer.KernelPath = path;
                for (int t = 0; t < 5; t++) optimizer.Step();
                optimizer.Eval();
                float[] x = [.. flat];
                if (reference is null) reference = x;
                else Assert.True(reference.AsSpan().SequenceEqual(x), $"{path}, {threads} threads");
            }
    }

    /// <summary>Eval() then Train() gives back the parameters bit for bit (the eval switch keeps y in the buffer y),
    /// on every path and with 1, 2 or 3 threads, and the steps after follow the run that never switched with the same
    /// bits.</summary>
    [Theory]
    [InlineData("schedulefree_adamw")]
    [InlineData("schedulefree_sgd")]
    public void The_round_trip_leaves_the_parameters_bit_identical_on_every_path_and_thread_count(string name)
    {
        foreach (int threads in new[] { 1, 2, 3 })
            foreach (var path in new[] { KernelPath.Scalar }.Concat(Registered.NonScalarPaths))
            {
                var (switched, flat) = FlatOptimizer(Tuned(name), [3000, 17, 40_000, 1]);
                var (straight, twin) = FlatOptimizer(Tuned(name), [3000, 17, 40_000, 1]);
                foreach (var optimizer in new[] { switched, straight })
                {
                    optimizer.MaxDegreeOfParallelism = threads;
                    optimizer.KernelPath = path;
                    for (int t = 0; t < 5; t++) optimizer.Step();
                }
                float[] y = [.. flat];
                switched.Eval();
                Assert.False(y.AsSpan().SequenceEqual(flat), $"{path}, {threads} threads: eval moved nothing");
                switched.Train();
                Assert.True(y.AsSpan().SequenceEqual(flat), $"{path}, {threads} threads: train after eval");
                for (int t = 0; t < 3; t++)
                {
                    switched.Step();
                    straight.Step();
                }
                Assert.True(twin.AsSpan().SequenceEqual(flat), $"{path}, {threads} threads: the steps after");
            }
    }

    /// <summary>A checkpoint saved in eval mode and loaded into a new optimizer, then Train(), gives back the
    /// parameters the saved one had before Eval() bit for bit, and steps on as the run that never switched.</summary>
    [Theory]
    [InlineData("schedulefree_adamw")]
    [InlineData("schedulefree_sgd")]
    public void A_checkpoint_saved_in_eval_mode_resumes_the_training_point_bit_for_bit(string name)
    {
        var (saved, flat) = FlatOptimizer(Tuned(name), [300, 7, 64]);
        var (straight, twin) = FlatOptimizer(Tuned(name), [300, 7, 64]);
        for (int t = 0; t < 6; t++)
        {
            saved.Step();
            straight.Step();
        }
        saved.Eval();
        using var stream = new MemoryStream();
        Checkpoint.Save(stream, saved, includeParameters: true);

        var (loaded, resumed) = FlatOptimizer(Tuned(name), [300, 7, 64]);
        stream.Position = 0;
        Checkpoint.Load(stream, loaded);
        Assert.True(resumed.AsSpan().SequenceEqual(flat), "the loaded parameters are the saved x");
        loaded.Train();
        Assert.True(resumed.AsSpan().SequenceEqual(twin), "train() after loading gives back y");
        for (int t = 0; t < 3; t++)
        {
            loaded.Step();
            straight.Step();
        }
        Assert.True(resumed.AsSpan().SequenceEqual(twin), "the steps after loading");
    }

    /// <summary>With <c>exact_train</c> off there is no buffer y, and Train() recomputes y from x and z as the
    /// reference does: the same parameters up to rounding, not bit for bit.</summary>
    [Theory]
    [InlineData("schedulefree_adamw")]
    [InlineData("schedulefree_sgd")]
    public void Without_exact_train_there_is_no_buffer_and_train_recomputes_y(string name)
    {
        var hyperparameters = Tuned(name);
        hyperparameters.SetFlag("exact_train", false);
        Assert.False(hyperparameters.IsStateActive(Index(hyperparameters.Info, "y")));
        var (optimizer, flat) = FlatOptimizer(hyperparameters, [3000, 17]);
        for (int t = 0; t < 5; t++) optimizer.Step();
        float[] y = [.. flat];
        optimizer.Eval();
        optimizer.Train();
        Assert.False(y.AsSpan().SequenceEqual(flat), "the lerp back is exact on every element");
        for (int i = 0; i < y.Length; i++)
            Assert.True(Math.Abs(flat[i] - y[i]) <= 1e-6 * (1 + Math.Abs(y[i])), $"element {i}: {flat[i]} vs {y[i]}");
    }

    /// <summary>The static EnterMode on every path equals its scalar path, for float and double, on lengths that
    /// reach every tail of every vector width, with and without <c>exact_train</c>: eval keeps p in y (when there is
    /// a y) and moves p to x; train moves p back to y from x and z, or copies y into p.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_static_switch_equals_the_scalar_path_on_every_path(bool exactTrain)
    {
        var random = new Random(16);
        var sgd = new ScheduleFreeSgd(momentum: 0.6, exactTrain: exactTrain);
        foreach (int length in new[] { 0, 1, 7, 15, 16, 17, 63, 64, 65, 129, 1100 })
            foreach (var mode in new[] { OptimizerMode.Eval, OptimizerMode.Train })
            {
                double[] Draw() => Enumerable.Range(0, length).Select(_ => random.NextDouble() * 4 - 2).ToArray();
                double[] p0 = Draw(), z = Draw(), y0 = exactTrain ? Draw() : [];
                float[] pf0 = Single(p0), zf = Single(z), yf0 = Single(y0);
                double[] scalar = [.. p0], scalarY = [.. y0];
                float[] scalarF = [.. pf0], scalarYF = [.. yf0];
                ScheduleFreeSgd.EnterMode(sgd, mode, scalar, z, scalarY, 0.1, 0.2, KernelPath.Scalar);
                ScheduleFreeSgd.EnterMode(sgd, mode, scalarF, zf, scalarYF, 0.1, 0.2, KernelPath.Scalar);
                foreach (var path in Registered.NonScalarPaths)
                {
                    double[] p = [.. p0], y = [.. y0];
                    float[] pf = [.. pf0], yf = [.. yf0];
                    ScheduleFreeSgd.EnterMode(sgd, mode, p, z, y, 0.1, 0.2, path);
                    ScheduleFreeSgd.EnterMode(sgd, mode, pf, zf, yf, 0.1, 0.2, path);
                    string where = $"{path}, {length}, {mode}";
                    Assert.True(scalar.AsSpan().SequenceEqual(p), "double p, " + where);
                    Assert.True(scalarY.AsSpan().SequenceEqual(y), "double y, " + where);
                    Assert.True(scalarF.AsSpan().SequenceEqual(pf), "float p, " + where);
                    Assert.True(scalarYF.AsSpan().SequenceEqual(yf), "float y, " + where);
                }
                if (exactTrain && mode == OptimizerMode.Train)
                {
                    Assert.Equal(y0, scalar);
                    Assert.Equal(yf0, scalarF);
                    continue;
                }
                if (exactTrain)
                {
                    Assert.Equal(p0, scalarY);
                    Assert.Equal(pf0, scalarYF);
                }
                // momentum 0.6: eval moves by 1 - 1 / 0.6 (the lerp's second form), train by 0.4.
                double weight = mode == OptimizerMode.Eval ? 1 - 1 / 0.6 : 1 - 0.6;
                for (int i = 0; i < length; i++)
                    Assert.Equal(p0[i] + weight * (z[i] - p0[i]), scalar[i], 1e-12);
            }
    }

    /// <summary>A checkpoint saved in eval mode records the mode: loaded into a new optimizer it is in eval mode with
    /// the same parameters and state, and after train() both step on with the same bits.</summary>
    [Fact]
    public void A_checkpoint_saved_in_eval_mode_resumes()
    {
        var (saved, p, g) = Trained(new ScheduleFreeAdamW(lr: 0.01, weightDecay: 0.01), steps: 6);
        saved.Eval();
        using var stream = new MemoryStream();
        Checkpoint.Save(stream, saved, includeParameters: true);

        var (loaded, q, h) = Trained(new ScheduleFreeAdamW(lr: 0.01, weightDecay: 0.01), steps: 0);
        stream.Position = 0;
        Checkpoint.Load(stream, loaded);
        Assert.Equal(OptimizerMode.Eval, loaded.Mode);
        Assert.Equal(p, q);
        Assert.Throws<InvalidOperationException>(loaded.Step);

        saved.Train();
        loaded.Train();
        Assert.Equal(p, q);
        for (int t = 0; t < 3; t++)
        {
            Gradients(p, g);
            Gradients(q, h);
            saved.Step();
            loaded.Step();
        }
        Assert.Equal(p, q);
        Assert.Equal(saved.GetState(0, 0, "z").ToArray(), loaded.GetState(0, 0, "z").ToArray());
    }

    /// <summary>An optimizer without a switch has the modes too: eval refuses steps and moves nothing.</summary>
    [Fact]
    public void An_optimizer_without_a_switch_refuses_steps_in_eval_mode_and_moves_nothing()
    {
        var (optimizer, p, _) = Trained(new AdamW(), steps: 2);
        float[] before = [.. p];
        optimizer.Eval();
        Assert.Equal(before, p);
        Assert.Throws<InvalidOperationException>(optimizer.Step);
        optimizer.Train();
        optimizer.Step();
    }

    /// <summary>OptimizerState steps, refuses in eval mode, and switches as the runtime does.</summary>
    [Fact]
    public void OptimizerState_switches_like_the_runtime()
    {
        var sgd = new ScheduleFreeSgd(lr: 0.1);
        var (optimizer, p, g) = Trained(sgd, steps: 0);
        var state = new OptimizerState<float>(sgd, p.Length);
        float[] q = [.. p];
        for (int t = 0; t < 4; t++)
        {
            Gradients(p, g);
            optimizer.Step();
            state.Step(q, g);
        }
        optimizer.Eval();
        state.Eval(q);
        Assert.Equal(p, q);
        Assert.Throws<InvalidOperationException>(() => state.Step(q, g));
        state.Train(q);
        optimizer.Train();
        Assert.Equal(p, q);
    }

    private static (Optimizer<float> Optimizer, float[] P, float[] G) Trained(OptimizerHyperparameters hyperparameters,
        int steps)
    {
        float[] p = Enumerable.Range(0, 300).Select(i => MathF.Cos(i)).ToArray(), g = new float[p.Length];
        var optimizer = new Optimizer<float>(hyperparameters, [new Parameter<float>(p, g)]);
        for (int t = 0; t < steps; t++)
        {
            Gradients(p, g);
            optimizer.Step();
        }
        return (optimizer, p, g);
    }

    // The optimizer of that name with a learning rate that moves the parameters visibly in a few steps.
    private static OptimizerHyperparameters Tuned(string name)
    {
        var hyperparameters = OptimizerRegistry.Get(name).Create();
        hyperparameters.SetHyperparameter("lr", 0.05);
        return hyperparameters;
    }

    private static int Index(OptimizerInfo info, string state) =>
        info.States.Select((s, k) => (s.Name, k)).Single(s => s.Name == state).k;

    // Tensors side by side in one flat buffer (one step run), their gradients too, refilled before every step.
    private static (Optimizer<float> Optimizer, float[] Flat) FlatOptimizer(OptimizerHyperparameters hyperparameters,
        int[] lengths)
    {
        int total = lengths.Sum();
        float[] flat = Enumerable.Range(0, total).Select(i => MathF.Sin(0.37f * i)).ToArray();
        float[] gradients = Enumerable.Range(0, total).Select(i => MathF.Cos(1.3f * i) + 0.5f * flat[i]).ToArray();
        var parameters = new List<Parameter<float>>();
        for (int k = 0, offset = 0; k < lengths.Length; offset += lengths[k], k++)
            parameters.Add(new Parameter<float>(flat.AsMemory(offset, lengths[k]),
                gradients.AsMemory(offset, lengths[k])));
        return (new Optimizer<float>(hyperparameters, parameters), flat);
    }

    // A quadratic pull towards sin(i) with some curvature: gradients that change with the parameters.
    private static void Gradients(float[] p, float[] g)
    {
        for (int i = 0; i < p.Length; i++) g[i] = (1 + i % 5) * (p[i] - MathF.Sin(i));
    }

    private static float[] Single(double[] values) => values.Select(v => (float)v).ToArray();

    private static float[] Floats(JsonElement array) => array.EnumerateArray().Select(v => v.GetSingle()).ToArray();

    private static void AssertWithinPassRule(float[] expected, float[] actual, string where)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs((double)actual[i] - expected[i]);
            Assert.True(error <= 1e-5 + 1e-4 * Math.Abs(expected[i]),
                $"{where}, element {i}: {actual[i]:R} vs the reference's {expected[i]:R}");
        }
    }
}
