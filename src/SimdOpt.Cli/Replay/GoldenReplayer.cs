using System.Numerics;
using System.Text.Json;
using SimdOpt.Kernels;

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
            return golden.DType switch
            {
                "float32" => Replay<float>(name, golden, optimizer),
                "float64" => Replay<double>(name, golden, optimizer),
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
        foreach (var (key, value) in golden.Hyperparameters)
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
        return optimizer;
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
            for (int i = 0; i < p.Length; i++)
            {
                double actual = double.CreateTruncating(p[i]);
                double expected = golden.Expected[step][i];
                double error = Math.Abs(actual - expected);
                if (double.IsNaN(error)) error = double.PositiveInfinity;
                if (error > maxError)
                {
                    maxError = error;
                    maxStep = step + 1;
                }
                // Expected values are finite (the case is refused otherwise), so a finite bound; an infinite error
                // never passes.
                if (!double.IsFinite(error) || !(error <= AbsoluteTolerance + RelativeTolerance * Math.Abs(expected)))
                    return new ReplayResult(name, false, maxError, maxStep,
                        $"step {step + 1}, element {i}: got {actual:R}, expected {expected:R} (error {error:G3})");
            }
        }
        return new ReplayResult(name, true, maxError, maxStep, null);
    }
}
