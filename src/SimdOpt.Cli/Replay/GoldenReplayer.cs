using System.Numerics;
using System.Text.Json;
using SimdOpt.Kernels;
using SimdOpt.Training;

namespace SimdOpt.Cli.Replay;

/// <summary>The outcome of one case: whether it passed, the largest error and its step (1-based), and why it
/// failed.</summary>
internal sealed record ReplayResult(string File, bool Passed, double MaxError, int MaxErrorStep, string? Reason);

/// <summary>
/// Runs a golden case through the public API — the registry, by-name hyperparameters, the dispatching kernel —
/// and compares every step with the README's rule: |actual - expected| &lt;= 1e-5 + 1e-4 * |expected|.
/// </summary>
internal static class GoldenReplayer
{
    public const double AbsoluteTolerance = 1e-5;
    public const double RelativeTolerance = 1e-4;

    /// <summary>Replays the case in <paramref name="file"/>; every problem, from unreadable to wrong, is a failed
    /// result.</summary>
    public static ReplayResult Run(string file)
    {
        string name = Path.GetFileName(file);
        try
        {
            var golden = GoldenCase.Parse(CaseFile.Read(file));
            return Run(name, golden);
        }
        catch (Exception e) when (e is GoldenFormatException or IOException or UnauthorizedAccessException)
        {
            return new ReplayResult(name, false, double.NaN, 0, e.Message);
        }
    }

    public static ReplayResult Run(string name, GoldenCase golden)
    {
        try
        {
            golden.CheckShapes();
            var optimizer = Build(golden);
            return (golden.DType, golden.Tensors) switch
            {
                ("float32", { } tensors) => ReplayTensors<float>(name, golden, tensors, optimizer),
                ("float64", { } tensors) => ReplayTensors<double>(name, golden, tensors, optimizer),
                ("float32", null) => Replay<float>(name, golden, optimizer),
                ("float64", null) => Replay<double>(name, golden, optimizer),
                _ => throw new GoldenFormatException($"unknown dtype '{golden.DType}' (float32 or float64)"),
            };
        }
        catch (GoldenFormatException e)
        {
            return new ReplayResult(name, false, double.NaN, 0, e.Message);
        }
    }

    /// <summary>The named optimizer with the case's hyperparameters, each set by name and checked against its
    /// range.</summary>
    public static OptimizerHyperparameters Build(GoldenCase golden)
    {
        if (!OptimizerRegistry.TryGet(golden.Optimizer, out var info))
            throw new GoldenFormatException($"unknown optimizer '{golden.Optimizer}' "
                + $"(known: {string.Join(", ", OptimizerRegistry.All.Select(i => i.Name))})");
        var optimizer = info.Create();
        Set(optimizer, golden.Hyperparameters);
        return optimizer;
    }

    // Sets each of the named hyperparameters and flags, checked against its range.
    private static void Set(OptimizerHyperparameters optimizer, IReadOnlyDictionary<string, JsonElement> values)
    {
        var info = optimizer.Info;
        foreach (var (key, value) in values)
        {
            bool isFlag = info.Flags.Any(f => f.Name == key);
            bool isNumber = info.Hyperparameters.Any(h => h.Name == key);
            if (!isFlag && !isNumber)
                throw new GoldenFormatException($"unknown hyperparameter '{key}' for {info.Name} (known: "
                    + string.Join(", ",
                        info.Hyperparameters.Select(h => h.Name).Concat(info.Flags.Select(f => f.Name)))
                    + ")");
            try
            {
                if (isFlag) optimizer.SetFlag(key, Flag(key, value));
                else optimizer.SetHyperparameter(key, Number(key, value));
            }
            catch (ArgumentException e)
            {
                throw new GoldenFormatException(e.Message);
            }
        }
    }

    private static bool Flag(string key, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        // torch scripts sometimes write flags as 0/1.
        JsonValueKind.Number when value.TryGetDouble(out double d) && (d == 0 || d == 1) => d == 1,
        _ => throw new GoldenFormatException($"flag '{key}' must be true or false, not {value.GetRawText()}"),
    };

    private static double Number(string key, JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double d)
            ? d
            : throw new GoldenFormatException($"hyperparameter '{key}' must be a number, not {value.GetRawText()}");

    private static ReplayResult Replay<T>(string name, GoldenCase golden, OptimizerHyperparameters optimizer)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var p = golden.Params.Select(T.CreateTruncating).ToArray();
        var g = new T[p.Length];
        var state = new OptimizerState<T>(optimizer, p.Length);
        double maxError = 0;
        int maxStep = 1;
        for (int step = 0; step < golden.Grads.Length; step++)
        {
            for (int i = 0; i < g.Length; i++) g[i] = T.CreateTruncating(golden.Grads[step][i]);
            try
            {
                state.Step(p, g);
            }
            catch (ArgumentException e)
            {
                return new ReplayResult(name, false, maxError, step + 1, $"step {step + 1} refused: {e.Message}");
            }
            if (Compare(p, golden.Expected[step], step, "", ref maxError, ref maxStep) is { } reason)
                return new ReplayResult(name, false, maxError, maxStep, reason);
        }
        return new ReplayResult(name, true, maxError, maxStep, null);
    }

    // A case of several tensors through the training runtime, Optimizer<T>, which steps every tensor of every group
    // together (LAMB clips each by the norm of all gradients): each group's hyperparameters set over the case's.
    private static ReplayResult ReplayTensors<T>(string name, GoldenCase golden, GoldenTensor[] tensors,
        OptimizerHyperparameters hyperparameters) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var p = tensors.Select(t => t.Params.Select(T.CreateTruncating).ToArray()).ToArray();
        var g = tensors.Select(t => new T[t.Params.Length]).ToArray();
        var optimizer = new Optimizer<T>(hyperparameters);
        for (int group = 0; group < golden.Groups.Count; group++)
        {
            var own = hyperparameters.Clone();
            Set(own, golden.Groups[group]);
            var members = Enumerable.Range(0, tensors.Length).Where(t => tensors[t].Group == group).ToArray();
            optimizer.AddGroup(members.Select(t => new Parameter<T>(p[t], g[t])), own);
        }
        double maxError = 0;
        int maxStep = 1;
        for (int step = 0; step < tensors[0].Grads.Length; step++)
        {
            for (int t = 0; t < tensors.Length; t++)
                for (int i = 0; i < g[t].Length; i++) g[t][i] = T.CreateTruncating(tensors[t].Grads[step][i]);
            try
            {
                optimizer.Step();
            }
            catch (ArgumentException e)
            {
                return new ReplayResult(name, false, maxError, step + 1, $"step {step + 1} refused: {e.Message}");
            }
            for (int t = 0; t < tensors.Length; t++)
                if (Compare(p[t], tensors[t].Expected[step], step, $"tensor {t}, ", ref maxError, ref maxStep) is
                    { } reason)
                    return new ReplayResult(name, false, maxError, maxStep, reason);
        }
        return new ReplayResult(name, true, maxError, maxStep, null);
    }

    // Compares the parameters after step `step` (0-based) with the expected ones under the pass rule, noting the
    // largest error; the reason of the first failure, or null.
    private static string? Compare<T>(T[] p, double[] expectedRow, int step, string where, ref double maxError,
        ref int maxStep) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < p.Length; i++)
        {
            double actual = double.CreateTruncating(p[i]);
            double expected = expectedRow[i];
            double error = Math.Abs(actual - expected);
            if (double.IsNaN(error)) error = double.PositiveInfinity;
            if (error > maxError)
            {
                maxError = error;
                maxStep = step + 1;
            }
            // Expected values are finite (the case is refused otherwise), so a finite bound; an infinite error never
            // passes.
            if (!double.IsFinite(error) || !(error <= AbsoluteTolerance + RelativeTolerance * Math.Abs(expected)))
                return $"step {step + 1}, {where}element {i}: got {actual:R}, expected {expected:R} "
                    + $"(error {error:G3})";
        }
        return null;
    }
}
