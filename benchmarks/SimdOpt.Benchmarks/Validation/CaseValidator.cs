using System.Globalization;
using SimdOpt.Benchmarks.Kernels;
using SimdOpt.Benchmarks.Suite;
using SimdOpt.Kernels;

namespace SimdOpt.Benchmarks.Validation;

/// <summary>
/// Holds every implementation the suite measures against the generated scalar path before it is measured, so no
/// benchmark times a wrong loop: a few steps with changing gradients, at lengths that leave tails for every vector
/// width, over the whole range and split into chunks. Generated code must agree bit for bit. A baseline is compared
/// on what the steps changed (from the values before the first step), so a small error in a small update is not hidden
/// by large parameters: |change - expected change| &lt;= <see cref="AbsoluteTolerance"/> +
/// <see cref="RelativeTolerance"/>
/// * |expected change|.
/// </summary>
public static class CaseValidator
{
    /// <summary>The absolute part of a baseline's tolerance.</summary>
    public const double AbsoluteTolerance = 1e-6;

    /// <summary>The relative part of a baseline's tolerance: float rounding of differently ordered operations over a
    /// few steps stays far below it, an error of 1% in an update does not.</summary>
    public const double RelativeTolerance = 1e-3;

    /// <summary>The steps each check takes.</summary>
    public const int Steps = 4;

    /// <summary>Lengths with tails of every width (37 = 2 * 16 + 4 + 1, 1031 = 64 * 16 + 7).</summary>
    public static IReadOnlyList<int> Lengths { get; } = [37, 1031];

    /// <summary>Throws unless <paramref name="kernelCase"/> computes what the generated scalar path computes.</summary>
    /// <param name="kernelCase">The implementation to check.</param>
    /// <exception cref="ValidationException">The implementation disagrees; the message names the first differing
    /// element.</exception>
    public static void Check(KernelCase kernelCase)
    {
        ArgumentNullException.ThrowIfNull(kernelCase);
        foreach (int length in Lengths)
        {
            var expected = new Workload(kernelCase.Optimizer.Create(), length);
            var start = expected.Clone();
            var whole = expected.Clone();
            var chunked = expected.Clone();
            var reference = new StepRunner(new GeneratedKernel(expected, KernelPath.Scalar), 1);
            var single = new StepRunner(kernelCase.CreateKernel(whole), 1);
            var split = new StepRunner(kernelCase.CreateKernel(chunked), 3);
            for (int step = 1; step <= Steps; step++)
            {
                reference.StepSingleThread();
                single.StepSingleThread();
                split.StepAllCores();
                Compare(kernelCase.ToString(), kernelCase.Generated, start, expected, whole, length, step, "one pass");
                Compare(kernelCase.ToString(), kernelCase.Generated, start, expected, chunked, length, step,
                    "three chunks");
                foreach (var workload in new[] { expected, whole, chunked }) workload.RedrawGradients(new Random(step));
            }
        }
    }

    /// <summary>
    /// As <see cref="Check(KernelCase)"/> for an optimizer with reductions over the tensor, which only the whole tensor
    /// gives (a norm of a slice is not the tensor's): the steps over the whole range only.
    /// </summary>
    /// <param name="name">The implementation's name, for the message.</param>
    /// <param name="generated">Whether it is generated code, held to the same bits.</param>
    /// <param name="create">Creates the optimizer in the benchmarked configuration.</param>
    /// <param name="kernel">Creates the implementation over a workload.</param>
    /// <exception cref="ValidationException">The implementation disagrees.</exception>
    public static void CheckWholeTensor(string name, bool generated, Func<OptimizerHyperparameters> create,
        Func<Workload, StepKernel> kernel)
    {
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(kernel);
        foreach (int length in Lengths)
        {
            var expected = new Workload(create(), length);
            var start = expected.Clone();
            var whole = expected.Clone();
            var reference = new StepRunner(new GeneratedKernel(expected, KernelPath.Scalar), 1);
            var single = new StepRunner(kernel(whole), 1);
            for (int step = 1; step <= Steps; step++)
            {
                reference.StepSingleThread();
                single.StepSingleThread();
                Compare(name, generated, start, expected, whole, length, step, "one pass");
                foreach (var workload in new[] { expected, whole }) workload.RedrawGradients(new Random(step));
            }
        }
    }

    private static void Compare(string name, bool generated, Workload start, Workload expected, Workload actual,
        int length, int step, string split)
    {
        foreach (var ((array, index, e), (_, _, a), (_, _, s)) in expected.Values().Zip(actual.Values(), start.Values()))
        {
            double expectedChange = (double)e - s, change = (double)a - s;
            bool equal = generated
                ? BitConverter.SingleToInt32Bits(e) == BitConverter.SingleToInt32Bits(a)
                : Math.Abs(change - expectedChange) <= AbsoluteTolerance + RelativeTolerance * Math.Abs(expectedChange);
            if (!equal)
                throw new ValidationException(string.Create(CultureInfo.InvariantCulture,
                    $"'{name}' ({split}, {length} elements) disagrees with the generated scalar path at step {step}: "
                    + $"{array}[{index}] is {a:R}, expected {e:R}{(generated ? " bit for bit" : "")}."));
        }
    }
}
