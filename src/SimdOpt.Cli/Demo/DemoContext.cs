using Spectre.Console;

namespace SimdOpt.Cli.Demo;

/// <summary>What every part of the demo needs: where to write, how much time to spend, which optimizers, and the
/// console.</summary>
/// <param name="Console">Where tables and progress go.</param>
/// <param name="OutputFolder">The folder the PNG files are written to.</param>
/// <param name="Quick">A smoke run: tiny budgets, for tests; the numbers still come from the same code.</param>
/// <param name="Optimizers">The optimizers to run, in legend order.</param>
/// <param name="SimdSizes">The element counts of the SIMD part.</param>
internal sealed record DemoContext(IAnsiConsole Console, string OutputFolder, bool Quick,
    IReadOnlyList<DemoOptimizer> Optimizers, IReadOnlyList<int> SimdSizes)
{
    /// <summary>The full path of file <paramref name="name"/> in the output folder.</summary>
    public string FilePath(string name) => Path.GetFullPath(Path.Combine(OutputFolder, name));
}
