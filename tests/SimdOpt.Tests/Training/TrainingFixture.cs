using System.Numerics;
using System.Runtime.InteropServices;
using SimdOpt.Kernels;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training;

/// <summary>
/// Parameter tensors of chosen lengths with a deterministic loss: the gradient of step <c>s</c> at element <c>i</c> is
/// <c>(p[i] - target[i]) + 0.01 · sin(s + i)</c>, so a trajectory depends on the parameters it reached.
/// </summary>
internal sealed class TrainingFixture<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[][] _targets;

    public TrainingFixture(int seed, params int[] lengths)
    {
        var random = new Random(seed);
        Values = lengths.Select(n => Enumerable.Range(0, n).Select(_ => T.CreateTruncating(random.NextDouble() * 2 - 1)).ToArray()).ToArray();
        Gradients = lengths.Select(n => new T[n]).ToArray();
        _targets = lengths.Select(n => Enumerable.Range(0, n).Select(_ => T.CreateTruncating(random.NextDouble() - 0.5)).ToArray()).ToArray();
    }

    public T[][] Values { get; }

    public T[][] Gradients { get; }

    public IEnumerable<Parameter<T>> Parameters(Range tensors) =>
        Enumerable.Range(0, Values.Length).Take(tensors).Select(i => new Parameter<T>(Values[i], Gradients[i]));

    public IEnumerable<Parameter<T>> Parameters() => Parameters(..);

    /// <summary>Writes the gradients of step <paramref name="step"/> (0-based), multiplied by
    /// <paramref name="scale"/>.</summary>
    public void ComputeGradients(long step, double scale = 1)
    {
        for (int t = 0; t < Values.Length; t++)
            for (int i = 0; i < Values[t].Length; i++)
                Gradients[t][i] = T.CreateTruncating((double.CreateTruncating(Values[t][i] - _targets[t][i]) + 0.01 * Math.Sin(step + i)) * scale);
    }

    /// <summary>A copy whose parameters hold the same values and whose gradients are fresh.</summary>
    public TrainingFixture<T> CopyValues() => new(this);

    private TrainingFixture(TrainingFixture<T> source)
    {
        Values = source.Values.Select(v => v.ToArray()).ToArray();
        Gradients = source.Values.Select(v => new T[v.Length]).ToArray();
        _targets = source._targets;
    }
}

/// <summary>Everything an optimizer holds and touches, as bytes and text, to check that a refused call changed
/// nothing.</summary>
internal static class Snapshot
{
    public static string Of<T>(Optimizer<T> optimizer, bool includeGradients = true) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine(optimizer.ToString()).Append("dop=").Append(optimizer.MaxDegreeOfParallelism).AppendLine();
        foreach (var group in optimizer.Groups)
        {
            text.AppendLine(group.ToString());
            text.AppendLine(string.Join(",", group.StepState.ToArray().Select(Bits)));
            text.AppendLine(string.Join(",", group.InitialValues.OrderBy(p => p.Key).Select(p => p.Key + "=" + Bits(p.Value))));
            for (int t = 0; t < group.TensorCount; t++)
            {
                var parameter = optimizer.GetParameter(group.Index, t);
                text.AppendLine(Hex<T>(parameter.Value.Span)).AppendLine(includeGradients ? Hex<T>(parameter.Gradient.Span) : "");
                foreach (var state in optimizer.Info.States) text.AppendLine(Hex<T>(optimizer.GetState(group.Index, t, state.Name)));
            }
        }
        return text.ToString();
    }

    public static string Of(LRScheduler scheduler) =>
        scheduler + " " + string.Join(",", scheduler.LastValues.Select(Bits)) + " " + string.Join(";", scheduler is FormulaLRScheduler f ? f.BaseValues.Select(Bits) : [])
        + string.Concat((scheduler switch { SequentialLR s => s.Schedulers, ChainedScheduler c => c.Schedulers, _ => [] }).Select(c => "[" + Of(c) + "]"));

    public static string Of(GradScaler scaler) => scaler.ToString();

    private static string Bits(double value) => BitConverter.DoubleToInt64Bits(value).ToString("X16", System.Globalization.CultureInfo.InvariantCulture);

    private static string Hex<T>(ReadOnlySpan<T> values) where T : unmanaged => Convert.ToHexString(MemoryMarshal.AsBytes(values));
}

/// <summary>Bitwise comparisons that name the first differing element.</summary>
internal static class Bitwise
{
    public static void Equal<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.True(expected.Length == actual.Length, $"{what}: {actual.Length} elements, expected {expected.Length}");
        var e = MemoryMarshal.AsBytes(expected);
        var a = MemoryMarshal.AsBytes(actual);
        if (e.SequenceEqual(a)) return;
        for (int i = 0; i < expected.Length; i++)
            if (!MemoryMarshal.AsBytes(expected.Slice(i, 1)).SequenceEqual(MemoryMarshal.AsBytes(actual.Slice(i, 1))))
                Assert.Fail($"{what}: element {i} is {actual[i]}, expected {expected[i]} (bit for bit)");
    }

    public static void Equal<T>(T[][] expected, T[][] actual, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int t = 0; t < expected.Length; t++) Equal<T>(expected[t], actual[t], $"{what} of tensor {t}");
    }
}

/// <summary>Optimizer configurations the tests run, by name, so that xunit can list them.</summary>
internal static class Configurations
{
    /// <summary>Every registered optimizer with its defaults, and a few with options that add state or per-step
    /// state.</summary>
    public static TheoryData<string> All()
    {
        // Touching a generated type loads SimdOpt, whose module initializer fills the registry.
        _ = SimdOpt.Optimizers.AdamW.Descriptor;
        var names = new TheoryData<string>();
        foreach (var info in OptimizerRegistry.All) names.Add(info.Name);
        foreach (string extra in Extras.Keys) names.Add(extra);
        return names;
    }

    public static OptimizerHyperparameters Create(string name) =>
        Extras.TryGetValue(name, out var create) ? create() : OptimizerRegistry.Get(name).Create();

    private static readonly Dictionary<string, Func<OptimizerHyperparameters>> Extras = new()
    {
        ["sgd+nesterov"] = () => new SimdOpt.Optimizers.Sgd(lr: 0.05, momentum: 0.9, weightDecay: 0.01, nesterov: true),
        ["adamw+amsgrad"] = () => new SimdOpt.Optimizers.AdamW(lr: 0.01, amsgrad: true),
        ["adagrad+accumulator"] = () => new SimdOpt.Optimizers.Adagrad(lr: 0.05, lrDecay: 0.01, initialAccumulatorValue: 0.1),
        ["nadam+decay"] = () => new SimdOpt.Optimizers.NAdam(lr: 0.01, weightDecay: 0.01),
        // The reduction optimizers with every norm in use (at their defaults LARS and MARS read none).
        ["lars+trust"] = () => new SimdOpt.Optimizers.Lars(lr: 0.1, momentum: 0.9, weightDecay: 1e-4),
        ["mars+optimize_1d"] = () => new SimdOpt.Optimizers.Mars(lr: 0.01, weightDecay: 0.01, optimize1d: true),
        ["lamb+always_adapt"] = () => new SimdOpt.Optimizers.Lamb(lr: 0.01, weightDecay: 0, alwaysAdapt: true),
    };
}
