using SimdOpt.Benchmarks.Baselines.Reducing;
using SimdOpt.Benchmarks.Kernels;
using SimdOpt.Kernels;

namespace SimdOpt.Benchmarks.Suite;

/// <summary>
/// One implementation of an optimizer with reductions over the tensor (issue 14): the generated step on the widest
/// path or on the scalar path, or the same math composed from TensorPrimitives calls. Always over the whole tensor on
/// one thread: the suite's all-cores mode cuts a tensor into slices, and a slice's norm is not the tensor's (the
/// training runtime shares a reducing tensor between threads with its chunk protocol instead).
/// </summary>
public sealed class ReductionCase : IBenchmarkSubject
{
    private readonly Func<OptimizerHyperparameters> _create;
    private readonly Func<Workload, StepKernel> _kernel;

    private ReductionCase(Configuration configuration, string label, Func<Workload, StepKernel> kernel,
        bool generated, bool isScalarReference)
    {
        Family = configuration.Name;
        Settings = configuration.Settings;
        BytesPerElement = configuration.BytesPerElement;
        Label = label;
        Generated = generated;
        IsScalarReference = isScalarReference;
        _create = configuration.Create;
        _kernel = kernel;
    }

    /// <inheritdoc/>
    public string Family { get; }

    /// <summary>The configuration, as the table states it.</summary>
    public string Settings { get; }

    /// <summary>generated, generated Scalar, or TensorPrimitives.</summary>
    public string Label { get; }

    /// <summary>Whether the implementation is generated code (held to the scalar path's bits).</summary>
    public bool Generated { get; }

    /// <inheritdoc/>
    public bool IsScalarReference { get; }

    /// <summary>The bytes one element moves in all the generated step's passes (its <c>Step</c> doc comment's figure,
    /// for the states of this configuration); the TensorPrimitives composition moves more.</summary>
    public int BytesPerElement { get; }

    /// <summary>The passes over memory the generated step takes in this configuration, from step 2 on: its read-only
    /// passes the step needs, and the one that writes.</summary>
    public int Passes
    {
        get
        {
            var steps = new StepProtocol<float>(_create());
            steps.Restore(1, 0, []);
            steps.Prepare();
            return 1 + Enumerable.Range(1, steps.ReductionPasses).Count(steps.NeedsPass);
        }
    }

    /// <summary>A fresh optimizer in the benchmarked configuration.</summary>
    public OptimizerHyperparameters Create() => _create();

    /// <summary>Creates the implementation over <paramref name="workload"/>.</summary>
    /// <param name="workload">The arrays to update.</param>
    public StepKernel CreateKernel(Workload workload) => _kernel(workload);

    /// <summary>Throws unless the implementation computes what the generated scalar path computes.</summary>
    public void Validate() =>
        Validation.CaseValidator.CheckWholeTensor(ToString(), Generated, _create, _kernel);

    /// <summary>The five optimizers of issue 14, each generated (widest path), generated on the scalar path, and as a
    /// TensorPrimitives composition.</summary>
    public static IEnumerable<ReductionCase> All() =>
        Configurations.SelectMany(c => new[]
        {
            new ReductionCase(c, "generated", w => new GeneratedKernel(w, KernelPath.Auto), true, false),
            new ReductionCase(c, "generated Scalar", w => new GeneratedKernel(w, KernelPath.Scalar), true, true),
            new ReductionCase(c, "TensorPrimitives", c.TensorPrimitives, false, false),
        });

    /// <inheritdoc/>
    public override string ToString() => Family + " " + Label;

    // Each optimizer where its reductions run on every step: LARS and MARS take theirs only with weight decay and
    // optimize_1d, which their defaults leave off. Bytes: the final pass reads and writes p and every state and reads
    // g; each read-only pass reads what its reductions need (g for LAMB's clip; g, p and both moments for its trust
    // ratio; g and p for LARS; g and last_grad for MARS; g and one moment for StableAdamW and Cautious AdamW).
    private static readonly Configuration[] Configurations =
    [
        new("lamb", "defaults", 48, () => OptimizerRegistry.Get("lamb").Create(), w => new LambTensorPrimitives(w)),
        new("lars", "momentum=0.9, weight_decay=1e-4", 28, () =>
        {
            var lars = OptimizerRegistry.Get("lars").Create();
            lars.SetHyperparameter("momentum", 0.9);
            lars.SetHyperparameter("weight_decay", 1e-4);
            return lars;
        }, w => new LarsTensorPrimitives(w)),
        new("mars", "optimize_1d", 44, () =>
        {
            var mars = OptimizerRegistry.Get("mars").Create();
            mars.SetFlag("optimize_1d", true);
            return mars;
        }, w => new MarsTensorPrimitives(w)),
        new("stableadamw", "defaults", 36, () => OptimizerRegistry.Get("stableadamw").Create(),
            w => new StableAdamWTensorPrimitives(w)),
        new("cadamw", "defaults", 36, () => OptimizerRegistry.Get("cadamw").Create(),
            w => new CautiousAdamWTensorPrimitives(w)),
    ];

    private sealed record Configuration(string Name, string Settings, int BytesPerElement,
        Func<OptimizerHyperparameters> Create, Func<Workload, StepKernel> TensorPrimitives);
}
