using System.Text.Json;
using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Tests.Support;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training.TorchSchedules;

/// <summary>
/// The cases of schedules.json, which make_schedules.py wrote by running torch 1.13's own schedulers, and the SimdOpt
/// scheduler each case describes, built from the arguments the case records.
/// </summary>
internal static class TorchSchedules
{
    private static readonly Lazy<JsonElement[]> AllCases = new(() =>
    {
        string path = Path.Combine(RepositoryPaths.Root, "tests", "SimdOpt.Tests", "Training", "TorchSchedules",
            "schedules.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return [.. document.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.Clone())];
    });

    /// <summary>The lambdas the script names, with the same arithmetic as its Python ones.</summary>
    private static readonly Dictionary<string, Func<long, double>> Lambdas = new(StringComparer.Ordinal)
    {
        ["rational"] = e => 1.0 / (1.0 + 0.05 * e),
        ["pow_0_97"] = e => Math.Pow(0.97, e),
        ["constant_0_99"] = _ => 0.99,
        ["slowing"] = e => 1.0 - 1.0 / (e + 10.0),
        ["halving_every_40"] = e => e % 40 == 0 ? 0.5 : 1.0,
    };

    public static IEnumerable<string> Names => AllCases.Value.Select(c => c.GetProperty("name").GetString()!);

    public static JsonElement Case(string name) =>
        AllCases.Value.Single(c => c.GetProperty("name").GetString() == name);

    /// <summary>An SGD with one group per initial lr, momentum 0.9 as the script's dummy optimizer.</summary>
    public static Optimizer<float> Optimizer(JsonElement @case, OptimizerHyperparameters? definition = null)
    {
        definition ??= new Sgd(momentum: 0.9);
        var optimizer = new Optimizer<float>(definition);
        foreach (var lr in @case.GetProperty("lrs_initial").EnumerateArray())
        {
            var group = definition.Clone();
            group.SetHyperparameter("lr", lr.GetDouble());
            optimizer.AddGroup([new Parameter<float>(new float[2], new float[2])], group);
        }
        return optimizer;
    }

    /// <summary>The SimdOpt scheduler of a case, on <paramref name="optimizer"/>.</summary>
    public static LRScheduler Scheduler(JsonElement @case, Optimizer optimizer)
    {
        string name = @case.GetProperty("name").GetString()!;
        var args = @case.GetProperty("args");
        int groups = optimizer.Groups.Count;
        double Number(string key, double otherwise) =>
            args.TryGetProperty(key, out var value) ? value.GetDouble() : otherwise;
        int Integer(string key, int otherwise) =>
            args.TryGetProperty(key, out var value) ? value.GetInt32() : otherwise;
        string Text(string key, string otherwise) =>
            args.TryGetProperty(key, out var value) ? value.GetString()! : otherwise;
        double[] PerGroup(string key, double otherwise) => !args.TryGetProperty(key, out var value)
            ? [.. Enumerable.Repeat(otherwise, groups)]
            : value.ValueKind == JsonValueKind.Array
                ? [.. value.EnumerateArray().Select(v => v.GetDouble())]
                : [.. Enumerable.Repeat(value.GetDouble(), groups)];
        Func<long, double>[] LambdasOf(string key)
        {
            var value = args.GetProperty(key);
            return value.ValueKind == JsonValueKind.Array
                ? [.. value.EnumerateArray().Select(v => Lambdas[v.GetString()!])]
                : [.. Enumerable.Repeat(Lambdas[value.GetString()!], groups)];
        }

        // The case of a scheduler created before, which records the initial lr (torch's initial_lr).
        if (args.TryGetProperty("after_step_lr", out _)) _ = new StepLR(optimizer, stepSize: 5);
        string kind = name[..name.IndexOf('_', StringComparison.Ordinal)];
        return kind switch
        {
            "lambda" => new LambdaLR(optimizer, LambdasOf("lambda")),
            "multiplicative" => new MultiplicativeLR(optimizer, LambdasOf("lambda")),
            "constant" => new ConstantLR(optimizer, Number("factor", 1.0 / 3), Integer("total_iters", 5)),
            "polynomial" => new PolynomialLR(optimizer, Integer("total_iters", 5), Number("power", 1)),
            "warm" => new CosineAnnealingWarmRestarts(optimizer, Integer("T_0", 1), Integer("T_mult", 1),
                Number("eta_min", 0)),
            "cyclic" => new CyclicLR(optimizer, PerGroup("base_lr", 0), PerGroup("max_lr", 0),
                Integer("step_size_up", 2000),
                args.TryGetProperty("step_size_down", out var down) ? down.GetInt32() : null,
                Text("mode", "triangular") switch
                {
                    "triangular" => CyclicMode.Triangular,
                    "triangular2" => CyclicMode.Triangular2,
                    _ => CyclicMode.ExpRange,
                },
                Number("gamma", 1),
                args.TryGetProperty("scale_fn", out var scaleFn) ? Lambdas[scaleFn.GetString()!] : null,
                Text("scale_mode", "cycle") == "cycle" ? CyclicScaleMode.Cycle : CyclicScaleMode.Iterations,
                !args.TryGetProperty("cycle_momentum", out var cycle) || cycle.GetBoolean(),
                PerGroup("base_momentum", 0.8), PerGroup("max_momentum", 0.9)),
            "plateau" => new ReduceLROnPlateau(optimizer, PerGroup("min_lr", 0),
                Text("mode", "min") == "min" ? PlateauMode.Min : PlateauMode.Max,
                Number("factor", 0.1), Integer("patience", 10), Number("threshold", 1e-4),
                Text("threshold_mode", "rel") == "rel" ? ThresholdMode.Rel : ThresholdMode.Abs,
                Integer("cooldown", 0), Number("eps", 1e-8)),
            "sequential" or "chained" => Composition(name, optimizer),
            _ => throw new InvalidDataException($"schedules.json has a case '{name}' of no known scheduler."),
        };
    }

    // The compositions, as make_schedules.py builds them.
    private static LRScheduler Composition(string name, Optimizer optimizer) => name switch
    {
        "sequential_constant_polynomial_warm_restarts" => new SequentialLR(optimizer,
            [new ConstantLR(optimizer, 0.5, 10), new PolynomialLR(optimizer, 100, 2.0),
                new CosineAnnealingWarmRestarts(optimizer, 5, 2)], [30, 80]),
        "sequential_lambda_multiplicative" => new SequentialLR(optimizer,
            [new LambdaLR(optimizer, Lambdas["rational"]), new MultiplicativeLR(optimizer, Lambdas["constant_0_99"])],
            [50]),
        "chained_constant_multiplicative" => new ChainedScheduler(
            [new ConstantLR(optimizer, 0.25, 20), new MultiplicativeLR(optimizer, Lambdas["constant_0_99"])]),
        _ => throw new InvalidDataException($"schedules.json has a composition '{name}' of no known scheduler."),
    };

    /// <summary>Takes step <paramref name="step"/> (from 1) of a case: with its metric for ReduceLROnPlateau.</summary>
    public static void Step(JsonElement @case, LRScheduler scheduler, int step)
    {
        if (scheduler is ReduceLROnPlateau plateau)
        {
            var metric = @case.GetProperty("metrics")[step - 1];
            plateau.Step(metric.ValueKind == JsonValueKind.String ? double.Parse(metric.GetString()!,
                System.Globalization.CultureInfo.InvariantCulture) : metric.GetDouble());
        }
        else
        {
            scheduler.Step();
        }
    }

    /// <summary>The values torch gave, after <paramref name="step"/> steps: lrs, or momenta when asked.</summary>
    public static double[] Expected(JsonElement @case, int step, string series = "lrs") =>
        [.. @case.GetProperty(series)[step].EnumerateArray().Select(v => v.GetDouble())];

    public static int StepCount(JsonElement @case) => @case.GetProperty("lrs").GetArrayLength() - 1;

    public static bool Exact(JsonElement @case) => @case.GetProperty("exact").GetBoolean();
}
