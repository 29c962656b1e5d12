using System.CommandLine;
using System.Globalization;
using SimdOpt.Cli.Bench;
using SimdOpt.Kernels;

namespace SimdOpt.Cli.Options;

/// <summary>Options that several commands share, each parsed and checked in one place.</summary>
internal static class CommonOptions
{
    /// <summary><c>--sizes 1K,16K,...</c>: element counts; a part that is not a size is a parse error.</summary>
    public static Option<int[]> Sizes(IReadOnlyList<int> defaults, string description) => new("--sizes")
    {
        Description = description + " Comma-separated element counts; K = 1024, M = 1048576.",
        HelpName = "LIST",
        DefaultValueFactory = _ => defaults.ToArray(),
        CustomParser = result =>
        {
            var sizes = SizeList.TryParse(string.Join(",", result.Tokens.Select(t => t.Value)), out string? error);
            if (sizes is null) result.AddError("--sizes: " + error);
            return sizes ?? [];
        },
    };

    /// <summary><c>--tensors 1x1M,1000x1K</c>: models cut into tensors (<see cref="TensorLayoutList"/>); a part that is
    /// not a layout is a parse error. Given or not: <c>GetResult(option) is { Implicit: false }</c>.</summary>
    public static Option<TensorLayout[]> Tensors(string description) => new("--tensors")
    {
        Description = description,
        HelpName = "LAYOUTS",
        CustomParser = result =>
        {
            var layouts = TensorLayoutList.TryParse(string.Join(",", result.Tokens.Select(t => t.Value)),
                out string? error);
            if (layouts is null) result.AddError("--tensors: " + error);
            return layouts ?? [];
        },
    };

    /// <summary>An integer option of at least <paramref name="min"/>; anything else is a parse error naming the
    /// option.</summary>
    public static Option<int> Integer(string name, string helpName, string description, int defaultValue, int min) =>
        new(name)
        {
            Description = description,
            HelpName = helpName,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result =>
            {
                string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value)
                    && value >= min)
                    return value;
                result.AddError($"{name}: '{text}' is not a whole number of at least {min}.");
                return min;
            },
        };

    /// <summary><c>--optimizer NAME</c> (repeatable): registered optimizers; an unknown name is a parse error listing
    /// the known ones.</summary>
    public static Option<string[]> Optimizers(string description)
    {
        var option = new Option<string[]>("--optimizer")
        {
            Description = description,
            HelpName = "NAME",
            Arity = ArgumentArity.OneOrMore,
        };
        option.Validators.Add(result =>
        {
            foreach (var name in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (!OptimizerRegistry.TryGet(name, out _))
                {
                    result.AddError($"--optimizer: unknown optimizer '{name}' "
                        + $"(known: {string.Join(", ", OptimizerRegistry.All.Select(i => i.Name))}).");
                    return;
                }
            }
        });
        return option;
    }

    /// <summary>The registered optimizers named by <paramref name="names"/>, or every registered one when none is
    /// named.</summary>
    public static IReadOnlyList<OptimizerInfo> Resolve(IReadOnlyList<string>? names) =>
        names is null || names.Count == 0
            ? OptimizerRegistry.All
            : names.Select(OptimizerRegistry.Get).DistinctBy(i => i.Name).ToArray();
}
