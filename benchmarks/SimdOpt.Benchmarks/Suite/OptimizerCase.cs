using System.Globalization;
using SimdOpt.Benchmarks.Kernels;
using SimdOpt.Kernels;

namespace SimdOpt.Benchmarks.Suite;

/// <summary>
/// One built-in optimizer as the suite benchmarks it: its configuration (torch's defaults, changed only where
/// <see cref="Settings"/> says) and what a user would write instead of the generated kernel.
/// </summary>
public sealed class OptimizerCase
{
    private readonly (string Name, double Value)[] _settings;

    /// <summary>Describes the benchmarked configuration of optimizer <paramref name="name"/>.</summary>
    /// <param name="name">The registry name, e.g. <c>adamw</c>.</param>
    /// <param name="scalarLoop">The plain float loop.</param>
    /// <param name="tensorPrimitives">The same update composed from TensorPrimitives calls.</param>
    /// <param name="handWrittenVector512">The hand-written Vector512 loop, or null where the suite has none.</param>
    /// <param name="handWrittenVector256">The hand-written Vector256 loop, or null where the suite has none.</param>
    /// <param name="settings">Hyperparameters that differ from torch's defaults.</param>
    public OptimizerCase(string name, Func<Workload, StepKernel> scalarLoop, Func<Workload, StepKernel> tensorPrimitives,
        Func<Workload, StepKernel>? handWrittenVector512, Func<Workload, StepKernel>? handWrittenVector256,
        params (string Name, double Value)[] settings)
    {
        Name = name;
        ScalarLoop = scalarLoop;
        TensorPrimitives = tensorPrimitives;
        HandWrittenVector512 = handWrittenVector512;
        HandWrittenVector256 = handWrittenVector256;
        _settings = settings;
    }

    /// <summary>The registry name.</summary>
    public string Name { get; }

    /// <summary>The hyperparameters that differ from torch's defaults, e.g. <c>momentum=0.9</c>, or
    /// "defaults".</summary>
    public string Settings => _settings.Length == 0
        ? "defaults"
        : string.Join(", ", _settings.Select(s => s.Name + "=" + s.Value.ToString("R", CultureInfo.InvariantCulture)));

    /// <summary>Creates the plain float loop over <c>workload</c>.</summary>
    public Func<Workload, StepKernel> ScalarLoop { get; }

    /// <summary>Creates the TensorPrimitives composition over <c>workload</c>.</summary>
    public Func<Workload, StepKernel> TensorPrimitives { get; }

    /// <summary>Creates the hand-written Vector512 loop over <c>workload</c>, or null.</summary>
    public Func<Workload, StepKernel>? HandWrittenVector512 { get; }

    /// <summary>Creates the hand-written Vector256 loop over <c>workload</c>, or null.</summary>
    public Func<Workload, StepKernel>? HandWrittenVector256 { get; }

    /// <summary>A fresh instance of the optimizer in the benchmarked configuration.</summary>
    public OptimizerHyperparameters Create()
    {
        var optimizer = OptimizerRegistry.Get(Name).Create();
        foreach (var (name, value) in _settings) optimizer.SetHyperparameter(name, value);
        return optimizer;
    }

    /// <summary>The bytes one step moves per element in this configuration.</summary>
    public int BytesPerElement => MemoryTraffic.BytesPerElement(Create());

    /// <inheritdoc/>
    public override string ToString() => Name;
}
