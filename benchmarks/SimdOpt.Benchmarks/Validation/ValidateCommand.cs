using System.Diagnostics;
using System.Globalization;
using SimdOpt.Benchmarks.Suite;

namespace SimdOpt.Benchmarks.Validation;

/// <summary>
/// <c>--validate</c>: checks, without timing anything, that every implementation the suite measures computes the
/// generated scalar path's results, that the bytes-per-element model matches what steps write, and that the generated
/// kernels of every optimizer give the same bits on every path.
/// </summary>
public static class ValidateCommand
{
    /// <summary>Runs every check, writes one line per check to <paramref name="output"/>, and returns the process exit
    /// code (0 when all pass).</summary>
    /// <param name="output">Where the report goes.</param>
    public static int Run(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        int passed = 0, failed = 0;
        void Check(string name, Func<string> check)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                string detail = check();
                passed++;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ok    {name}{detail} ({clock.ElapsedMilliseconds} ms)"));
            }
            catch (Exception e) when (e is ValidationException or NotSupportedException or ArgumentException)
            {
                failed++;
                output.WriteLine($"FAIL  {name}: {e.Message}");
            }
        }

        foreach (var optimizer in OptimizerCases.All)
        {
            Check($"{optimizer.Name} bytes per element ({optimizer.BytesPerElement} B)", () => { TrafficModelCheck.Check(optimizer); return ""; });
            Check($"{optimizer.Name} paths bit-identical", () => $": {PathIdentityCheck.Check(optimizer)} cases");
        }
        foreach (var kernelCase in KernelCase.All().Concat(KernelCase.AdamWHeadline()))
            Check($"{kernelCase} equals the generated scalar path", () => { CaseValidator.Check(kernelCase); return ""; });
        foreach (var reductionCase in ReductionCase.All())
            Check($"{reductionCase} equals the generated scalar path ({reductionCase.Passes} passes)", () =>
            {
                reductionCase.Validate();
                return "";
            });
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{passed} passed, {failed} failed"));
        return failed == 0 ? 0 : 1;
    }
}
