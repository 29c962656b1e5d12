using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using SimdOpt.Kernels;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Kernels;

/// <summary>
/// One random run of a kernel: an optimizer with drawn hyperparameters and flags, a tensor of <see cref="Length"/>
/// elements inside arrays with guards, <see cref="Steps"/> consecutive steps from <see cref="FirstStep"/>, and
/// element values (parameters, gradients, state) drawn from <see cref="Seed"/> with a share of special values.
/// </summary>
/// <param name="Optimizer">The optimizer.</param>
/// <param name="Length">The tensor's length.</param>
/// <param name="Offset">Guard elements before the tensor.</param>
/// <param name="After">Guard elements after the tensor.</param>
/// <param name="FirstStep">The step count of the first step.</param>
/// <param name="Steps">The number of consecutive steps.</param>
/// <param name="SpecialShare">The probability that an element is a special value (zeros, denormals, huge, NaN,
/// infinities).</param>
/// <param name="Seed">The seed of the element values.</param>
internal sealed record KernelCase(OptimizerHyperparameters Optimizer, int Length, int Offset, int After, long FirstStep, int Steps, double SpecialShare, int Seed)
{
    /// <summary>Cases for the optimizer <paramref name="info"/>.</summary>
    /// <param name="info">The optimizer.</param>
    public static Gen<KernelCase> For(OptimizerInfo info) => For(info, Hyperparameters.DrawingRange);

    /// <summary>Cases for the optimizer <paramref name="info"/>, each hyperparameter drawn from
    /// <paramref name="range"/> (clipped to its declared range).</summary>
    /// <param name="info">The optimizer.</param>
    /// <param name="range">The interval to draw each hyperparameter from.</param>
    public static Gen<KernelCase> For(OptimizerInfo info, Func<HyperparameterInfo, Support.Interval> range) =>
        from optimizer in Hyperparameters.Any(info, range)
            // Half the lengths are short, where the tails of every width and the unrolled loop's edges are.
        from length in Gen.Frequency((1, Gen.Choose(0, 1100)), (1, Gen.Choose(0, 140)))
        from offset in Gen.Choose(0, 17)
        from after in Gen.Choose(0, 17)
        from firstStep in Gen.Frequency(
            (4, Gen.Constant(1L)),
            (2, Gen.Choose(2, 1000).Select(t => (long)t)),
            (1, Gen.Elements(1L << 31, 1L << 53, long.MaxValue - 8)))
        from steps in Gen.Choose(1, 4)
        from specialShare in Gen.Elements(0.0, 0.02, 0.2, 0.6)
        from seed in Gen.Choose(int.MinValue, int.MaxValue)
        select new KernelCase(optimizer, length, offset, after, firstStep, steps, specialShare, seed);

    /// <summary>The workspace of this case, every array (guards included) filled from <see cref="Seed"/>.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    public Workspace<T> Workspace<T>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var random = new Random(Seed);
        var workspace = Support.Workspace<T>.Create(Optimizer.Info, Offset, Length, After, Steps, values => Values.Fill(values, random, SpecialShare));
        Optimizer.InitializeStepState(workspace.StepState);
        return workspace;
    }

    /// <summary>Runs the steps on a copy of <paramref name="initial"/> through a plan on
    /// <paramref name="path"/>.</summary>
    /// <param name="initial">The workspace to start from; it is not changed.</param>
    /// <param name="path">The kernel path.</param>
    /// <typeparam name="T">float or double.</typeparam>
    public Workspace<T> RunPlan<T>(Workspace<T> initial, KernelPath path) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var workspace = initial.Clone();
        var plan = Optimizer.CreatePlan<T>();
        for (int s = 0; s < Steps; s++)
        {
            plan.Prepare(FirstStep + s, workspace.StepState);
            plan.Apply(workspace.P, workspace.G(s), workspace.X(s), workspace.Spans, path);
        }
        return workspace;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Optimizer} length={Length} offset={Offset} after={After} t={FirstStep}..{FirstStep + Steps - 1} specialShare={SpecialShare} seed={Seed}");
}
