using SimdOpt.Benchmarks.Kernels;
using SimdOpt.Kernels;

namespace SimdOpt.Benchmarks.Suite;

/// <summary>
/// One implementation of one optimizer's step: the generated kernel on a path, or a baseline. This is the parameter
/// of the optimizer benchmarks; its <see cref="ToString"/> is what the summary table shows, in the order of
/// <see cref="Order"/> (BenchmarkDotNet sorts comparable parameter values).
/// </summary>
public sealed class KernelCase : IBenchmarkSubject, IComparable
{
    private readonly Func<Workload, StepKernel> _create;

    /// <summary>Describes an implementation.</summary>
    /// <param name="optimizer">The optimizer and its configuration.</param>
    /// <param name="label">What the implementation is, e.g. <c>generated Vector256</c>.</param>
    /// <param name="create">Creates the implementation over a workload.</param>
    /// <param name="generated">Whether this is generated code, which must equal the generated scalar path bit for
    /// bit.</param>
    /// <param name="isScalarReference">Whether this is the generated scalar path.</param>
    public KernelCase(OptimizerCase optimizer, string label, Func<Workload, StepKernel> create, bool generated, bool isScalarReference = false)
    {
        Optimizer = optimizer;
        Label = label;
        _create = create;
        Generated = generated;
        IsScalarReference = isScalarReference;
    }

    /// <summary>The optimizer and its configuration.</summary>
    public OptimizerCase Optimizer { get; }

    /// <summary>What the implementation is.</summary>
    public string Label { get; }

    /// <summary>Whether this is generated code (bit-identical to the generated scalar path) rather than a baseline
    /// (equal within a tolerance).</summary>
    public bool Generated { get; }

    /// <inheritdoc/>
    public bool IsScalarReference { get; }

    /// <summary>The position in the summary table: the order in which <see cref="All"/> or <see cref="AdamWHeadline"/>
    /// lists the case.</summary>
    public int Order { get; private init; }

    /// <inheritdoc/>
    public string Family => Optimizer.Name;

    /// <inheritdoc/>
    public int BytesPerElement => Optimizer.BytesPerElement;

    /// <summary>Creates the implementation over <paramref name="workload"/>.</summary>
    /// <param name="workload">The arrays to update.</param>
    public StepKernel CreateKernel(Workload workload) => _create(workload);

    /// <summary>The generated kernel of <paramref name="optimizer"/> through its plan on
    /// <paramref name="path"/>.</summary>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="path">The path; <see cref="KernelPath.Auto"/> is the dispatching kernel.</param>
    public static KernelCase GeneratedPath(OptimizerCase optimizer, KernelPath path) =>
        new(optimizer, path == KernelPath.Auto ? "generated" : "generated " + path, w => new GeneratedKernel(w, path),
            generated: true, isScalarReference: path == KernelPath.Scalar);

    /// <summary>The explicit paths this machine accelerates, widest first, then
    /// <see cref="KernelPath.Scalar"/>.</summary>
    public static IReadOnlyList<KernelPath> AcceleratedPaths { get; } =
        [.. new[] { KernelPath.Vector512, KernelPath.Vector256, KernelPath.Vector128, KernelPath.VectorT }.Where(KernelPaths.IsAccelerated), KernelPath.Scalar];

    /// <summary>
    /// Every implementation of every optimizer of the run (<see cref="OptimizerCases.Selected"/>): the dispatching
    /// kernel, each accelerated explicit path, the plain scalar loop, the TensorPrimitives composition and, for SGD and
    /// AdamW, the hand-written Vector512 loop (and for AdamW the Vector256 one, the fair rival without AVX-512).
    /// </summary>
    public static IEnumerable<KernelCase> All() => Numbered(AllUnordered());

    private static IEnumerable<KernelCase> AllUnordered()
    {
        foreach (var optimizer in OptimizerCases.Selected)
        {
            yield return GeneratedPath(optimizer, KernelPath.Auto);
            foreach (var path in AcceleratedPaths) yield return GeneratedPath(optimizer, path);
            yield return new KernelCase(optimizer, "scalar loop", optimizer.ScalarLoop, generated: false);
            yield return new KernelCase(optimizer, "TensorPrimitives", optimizer.TensorPrimitives, generated: false);
            if (optimizer.HandWrittenVector512 is { } hand)
                yield return new KernelCase(optimizer, "Vector512 by hand", hand, generated: false);
            if (optimizer.HandWrittenVector256 is { } hand256)
                yield return new KernelCase(optimizer, "Vector256 by hand", hand256, generated: false);
        }
    }

    /// <summary>
    /// Issue 2's speed criterion: the generated AdamW as users call it (<c>AdamW.Step</c>, dispatching), the
    /// hand-written Vector512 and Vector256 loops, and <c>AdamW.Step</c> on the scalar path.
    /// </summary>
    public static IEnumerable<KernelCase> AdamWHeadline() => Numbered(AdamWHeadlineUnordered());

    private static IEnumerable<KernelCase> AdamWHeadlineUnordered()
    {
        var adamw = OptimizerCases.Get("adamw");
        yield return new KernelCase(adamw, "AdamW.Step", w => new AdamWStepKernel(w, KernelPath.Auto), generated: true);
        yield return new KernelCase(adamw, "Vector512 by hand", adamw.HandWrittenVector512!, generated: false);
        yield return new KernelCase(adamw, "Vector256 by hand", adamw.HandWrittenVector256!, generated: false);
        yield return new KernelCase(adamw, "AdamW.Step Scalar", w => new AdamWStepKernel(w, KernelPath.Scalar), generated: true, isScalarReference: true);
    }

    private static IEnumerable<KernelCase> Numbered(IEnumerable<KernelCase> cases) =>
        cases.Select((c, index) => new KernelCase(c.Optimizer, c.Label, c._create, c.Generated, c.IsScalarReference) { Order = index });

    /// <summary>Compares by <see cref="Order"/>.</summary>
    /// <param name="obj">Another case.</param>
    public int CompareTo(object? obj) => obj is KernelCase other ? Order.CompareTo(other.Order) : 1;

    /// <inheritdoc/>
    public override string ToString() => Optimizer.Name + " " + Label;
}
