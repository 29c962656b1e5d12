using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using SimdOpt.Kernels;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.References;

/// <summary>
/// One run of a kernel next to its reference: an optimizer with hyperparameters drawn from the reference's
/// well-conditioned ranges, every flag at random, a tensor of <see cref="Length"/> elements and <see cref="Steps"/>
/// steps whose values come from <see cref="Seed"/>.
/// </summary>
/// <param name="Optimizer">The optimizer.</param>
/// <param name="Length">The tensor's length.</param>
/// <param name="Steps">The number of steps, from t = 1.</param>
/// <param name="Seed">The seed of the parameters and gradients.</param>
internal sealed record ReferenceCase(OptimizerHyperparameters Optimizer, int Length, int Steps, int Seed)
{
    /// <summary>Cases for <paramref name="reference"/>'s optimizer.</summary>
    /// <param name="reference">The reference.</param>
    public static Gen<ReferenceCase> For(Reference reference) =>
        from optimizer in Hyperparameters.Any(OptimizerRegistry.Get(reference.Optimizer),
            h => reference.WellConditioned(h.Name) ?? Hyperparameters.DrawingRange(h))
        from length in Gen.Choose(1, 40)
        from steps in Gen.Choose(20, 50)
        from seed in Gen.Choose(int.MinValue, int.MaxValue)
        select new ReferenceCase(optimizer, length, steps, seed);

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Optimizer} length={Length} steps={Steps} seed={Seed}");
}
