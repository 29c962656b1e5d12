using SimdOpt.Kernels;

namespace SimdOpt.Tests.Support;

/// <summary>
/// The optimizers the tests run, read from the registry, so an optimizer declared later is covered without new test
/// code.
/// </summary>
public static class Registered
{
    /// <summary>Every registered optimizer's name, as theory data.</summary>
    public static TheoryData<string> Names
    {
        get
        {
            var names = new TheoryData<string>();
            foreach (var info in OptimizerRegistry.All) names.Add(info.Name);
            return names;
        }
    }

    /// <summary>The optimizers SimdOpt ships: those declared in the SimdOpt assembly itself.</summary>
    public static IReadOnlyList<OptimizerInfo> BuiltIn =>
        OptimizerRegistry.All.Where(info => info.Type.Assembly == typeof(OptimizerHyperparameters).Assembly).ToArray();

    /// <summary>The names of the optimizers SimdOpt ships, as theory data.</summary>
    public static TheoryData<string> BuiltInNames
    {
        get
        {
            var names = new TheoryData<string>();
            foreach (var info in BuiltIn) names.Add(info.Name);
            return names;
        }
    }

    /// <summary>The registered optimizers whose step is elementwise (no reduction over the tensor), as theory data:
    /// their step applies to slices apart.</summary>
    public static TheoryData<string> ElementwiseNames => NamesWhere(reduces: false);

    /// <summary>The registered optimizers with reductions over the tensor (norms, means), as theory data.</summary>
    public static TheoryData<string> ReducingNames => NamesWhere(reduces: true);

    private static TheoryData<string> NamesWhere(bool reduces)
    {
        var names = new TheoryData<string>();
        foreach (var info in OptimizerRegistry.All)
            if (info.Create().CreatePlan<float>().ReductionPasses > 0 == reduces) names.Add(info.Name);
        return names;
    }

    /// <summary>Every kernel path other than <see cref="KernelPath.Scalar"/>, which they all must equal.</summary>
    public static readonly KernelPath[] NonScalarPaths =
        [KernelPath.Vector512, KernelPath.Vector256, KernelPath.Vector128, KernelPath.VectorT, KernelPath.Auto];

    /// <summary>Every kernel path other than <see cref="KernelPath.Scalar"/>, as theory data.</summary>
    public static TheoryData<KernelPath> NonScalarPathData => new(NonScalarPaths);

    /// <summary>Every kernel path.</summary>
    public static readonly KernelPath[] AllPaths = [.. NonScalarPaths, KernelPath.Scalar];
}
