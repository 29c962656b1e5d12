using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using SimdOpt.Cli.Bench;
using SimdOpt.Cli.Options;
using SimdOpt.Cli.Output;
using Spectre.Console;

namespace SimdOpt.Cli.Demo;

/// <summary>
/// <c>simdopt demo</c>: the lecture, run and drawn — optimizers on surfaces, BGD vs SGD vs mini-batch on handwritten
/// digits, SIMD vs scalar, low-precision storage — computed by SimdOpt's kernels, with PNG pictures in the output
/// folder.
/// </summary>
internal static class DemoCommand
{
    /// <summary>The output folder when none is given.</summary>
    public const string DefaultOutput = "simdopt-demo";

    /// <summary>The sizes of the SIMD part by default: 1K to 16M.</summary>
    public static IReadOnlyList<int> DefaultSimdSizes => SizeList.Default;

    /// <summary>The sizes of the SIMD part in quick mode.</summary>
    public static IReadOnlyList<int> QuickSimdSizes { get; } = [1 << 10, 1 << 14];

    public static Command Create(TextWriter output)
    {
        var folder = new Option<string>("--output", "-o")
        {
            Description = "The folder for the PNG files (created if missing).",
            HelpName = "DIR",
            DefaultValueFactory = _ => DefaultOutput,
        };
        var parts = new Option<string[]>("--part")
        {
            Description = "Run only this part (repeatable): surfaces, training, simd, precision. Default: all four.",
            HelpName = "PART",
            Arity = ArgumentArity.OneOrMore,
        };
        parts.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase,
            Enum.GetNames<DemoPart>().Select(n => n.ToLowerInvariant()).ToArray());
        var quick = new Option<bool>("--quick")
        {
            Description = "A smoke run in seconds: fewer epochs, small SIMD sizes, one timing run. "
                + "The numbers are real, the budgets small.",
        };
        var sizes = CommonOptions.Sizes(DefaultSimdSizes,
            "Element counts of the SIMD part (with --quick: 1K,16K unless given).");

        var command = new Command("demo",
            "The lecture, run and drawn: optimizers on surfaces, BGD vs SGD vs mini-batch, SIMD vs scalar, "
            + "fp32 vs bf16 vs 8-bit states; "
            + "PNG pictures in --output.");
        command.Options.Add(folder);
        command.Options.Add(parts);
        command.Options.Add(quick);
        command.Options.Add(sizes);
        command.SetAction(parsed =>
        {
            bool isQuick = parsed.GetValue(quick);
            bool sizesGiven = parsed.GetResult(sizes) is { Implicit: false };
            var chosen = parsed.GetValue(parts) is { Length: > 0 } named
                ? named.Select(n => Enum.Parse<DemoPart>(n, ignoreCase: true)).Distinct().Order().ToArray()
                : Enum.GetValues<DemoPart>();
            return Run(output, parsed.GetValue(folder)!, chosen, isQuick,
                sizesGiven || !isQuick ? parsed.GetValue(sizes)! : QuickSimdSizes);
        });
        return command;
    }

    public static int Run(TextWriter output, string folder, IReadOnlyList<DemoPart> parts, bool quick,
        IReadOnlyList<int> simdSizes)
    {
        OutputFolder.Prepare(folder, "--output");
        if (parts.Contains(DemoPart.Simd))
            MemoryBudget.Require(
                BenchBuffers.BytesFor(simdSizes.Max(), DemoOptimizers.All().Max(o => o.Info.States.Count)),
                $"The SIMD part at --sizes up to {SizeList.Format(simdSizes.Max())}", "choose smaller --sizes");
        var console = Terminal.Create(output);
        var context = new DemoContext(console, folder, quick, DemoOptimizers.All(), simdSizes);
        var clock = Stopwatch.StartNew();
        console.Write(new Rule("SimdOpt demo: the optimizer lecture, computed by SimdOpt's generated kernels"));
        if (quick)
            console.WriteLine("Quick mode: small budgets, for a smoke test; run without --quick for the real thing.");
        console.Write(LearningRates.Table(context.Optimizers));
        var files = new List<string>();
        foreach (var part in parts)
        {
            files.AddRange(part switch
            {
                DemoPart.Surfaces => SurfacesPart.Run(context),
                DemoPart.Training => TrainingPart.Run(context),
                DemoPart.Simd => SimdPart.Run(context),
                DemoPart.Precision => PrecisionPart.Run(context),
                _ => throw new ArgumentOutOfRangeException(nameof(parts), part, "Unknown demo part."),
            });
        }
        console.Write(new Rule("Pictures"));
        foreach (var file in files) console.WriteLine("wrote " + file);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Done in {clock.Elapsed.TotalSeconds:F0} s; {files.Count} picture{(files.Count == 1 ? "" : "s")} "
            + $"in {Path.GetFullPath(folder)}"));
        return 0;
    }
}
