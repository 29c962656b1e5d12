using System.CommandLine;
using System.Globalization;
using SimdOpt.Cli.Output;
using SimdOpt.Kernels;
using SimdOpt.Precision;
using Spectre.Console;

namespace SimdOpt.Cli.Listing;

/// <summary>
/// <c>simdopt list</c>: every registered optimizer with its hyperparameters (default and range), flags, state
/// buffers and per-step states, read from <see cref="OptimizerRegistry"/> — so an optimizer a user declares
/// shows up here as soon as its assembly is loaded.
/// </summary>
internal static class ListCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("list",
            "List every registered optimizer: hyperparameters with defaults and ranges, flags, state buffers.");
        command.SetAction(_ => Run(output));
        return command;
    }

    public static int Run(TextWriter output)
    {
        var console = Terminal.Create(output);
        var optimizers = OptimizerRegistry.All;
        console.WriteLine($"{optimizers.Count} registered optimizers.");
        foreach (var info in optimizers)
        {
            console.WriteLine();
            console.Write(Describe(info));
        }
        console.WriteLine();
        console.Write(Storages());
        return 0;
    }

    /// <summary>The storages a <see cref="SimdOpt.Training.LowPrecisionOptimizer"/> keeps buffers in, and for which
    /// buffers.</summary>
    public static Table Storages()
    {
        var table = new Table { Title = new TableTitle("storages (LowPrecisionOptimizer; the math is float32)") };
        table.AddColumns("storage", "bytes/elem", "for");
        foreach (var kind in Enum.GetValues<StorageKind>())
            table.AddRow(kind.ToString(), BytesPerElement(kind).ToString("0.###", CultureInfo.InvariantCulture),
                kind == StorageKind.Quantized8
                    ? $"state buffers ({string.Join(" or ", Enum.GetNames<Quantized8Code>())} code)"
                    : "parameters, gradients, state buffers");
        return table;
    }

    /// <summary>One optimizer as a table: a row per hyperparameter, flag, state buffer and per-step state.</summary>
    public static Table Describe(OptimizerInfo info)
    {
        var table = new Table
        {
            Title = new TableTitle(
                Markup.Escape(info.Name + (info.Description is null ? "" : " - " + info.Description))),
        };
        table.AddColumns("kind", "name", "default", "range / condition", "description");
        foreach (var h in info.Hyperparameters)
            table.AddRow(Cells("hyperparameter", h.Name, Format(h.Default), h.Range, h.Description));
        foreach (var f in info.Flags)
            table.AddRow(Cells("flag", f.Name, f.Default ? "true" : "false", "true / false", f.Description));
        foreach (var s in info.States)
            table.AddRow(Cells("state", s.Name, s.Init, s.Condition is null ? "always" : "if " + s.Condition,
                "per-element buffer"));
        foreach (var s in info.StepStates)
            table.AddRow(Cells("step state", s.Name, s.Init, "always", "per-step scalar kept between steps"));
        return table;
    }

    private static double BytesPerElement(StorageKind kind) => kind switch
    {
        StorageKind.Float32 => sizeof(float),
        StorageKind.Quantized8 => 1 + (double)sizeof(float) / Quantized8Codec.BlockSize,
        _ => 2,
    };

    private static string[] Cells(params string?[] values) => values.Select(v => Markup.Escape(v ?? "")).ToArray();

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
