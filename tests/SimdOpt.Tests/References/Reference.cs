using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.References;

/// <summary>
/// An independent implementation of one optimizer, written by hand in double precision straight from its published
/// algorithm (torch.optim 1.13's documentation and source; Chen et al. 2023 for Lion; the papers and timm's and
/// optax's sources for Adan, ADOPT and AdEMAMix), sharing no code with the
/// generator. The kernels are held against it.
/// </summary>
internal abstract class Reference
{
    /// <summary>Every reference, one per optimizer SimdOpt ships.</summary>
    public static IReadOnlyList<Reference> All { get; } =
    [
        new SgdReference(), new AdagradReference(), new RmsPropReference(), new AdadeltaReference(), new AdamReference(),
        new AdamWReference(), new AdamaxReference(), new NAdamReference(), new RAdamReference(), new RpropReference(),
        new LionReference(), new AdanReference(), new AdoptReference(), new AdEMAMixReference(),
        new CautiousAdamWReference(), new StableAdamWReference(), new LambReference(), new LarsReference(),
        new MarsReference(), new SophiaReference(), new ScheduleFreeAdamWReference(), new ScheduleFreeSgdReference(),
    ];

    /// <summary>The registry name of the optimizer.</summary>
    public abstract string Optimizer { get; }

    /// <summary>The reference of the optimizer named <paramref name="optimizer"/>.</summary>
    /// <param name="optimizer">The registry name.</param>
    public static Reference For(string optimizer) => All.Single(r => r.Optimizer == optimizer);

    /// <summary>
    /// The range a hyperparameter is drawn from when a float kernel is compared with this reference, or null for the
    /// declared range. Overridden where part of the declared range makes the algorithm itself ill-conditioned, so that
    /// float rounding — not a wrong formula — would separate kernel and reference.
    /// </summary>
    /// <param name="hyperparameter">The hyperparameter's name.</param>
    public virtual Interval? WellConditioned(string hyperparameter) => null;

    /// <summary>Step <paramref name="t"/> (1 for the first) in place on <paramref name="p"/> and
    /// <paramref name="state"/>.</summary>
    /// <param name="group">The hyperparameters and flags.</param>
    /// <param name="t">The step count.</param>
    /// <param name="p">The parameters.</param>
    /// <param name="grad">The gradient; not changed.</param>
    /// <param name="state">The state, as the previous step left it (empty before the first).</param>
    public abstract void Step(ParamGroup group, long t, double[] p, double[] grad, ReferenceState state);

    /// <summary>Step <paramref name="t"/> reading <paramref name="inputs"/> besides the gradient (see
    /// <see cref="SimdOpt.Kernels.OptimizerInfo.Inputs"/>); an optimizer without inputs ignores them.</summary>
    /// <param name="group">The hyperparameters and flags.</param>
    /// <param name="t">The step count.</param>
    /// <param name="p">The parameters.</param>
    /// <param name="grad">The gradient; not changed.</param>
    /// <param name="inputs">The inputs in declaration order; not changed.</param>
    /// <param name="state">The state, as the previous step left it (empty before the first).</param>
    public virtual void Step(ParamGroup group, long t, double[] p, double[] grad, double[][] inputs,
        ReferenceState state) => Step(group, t, p, grad, state);

    /// <summary>torch's first line of every step: the gradient, negated when <c>maximize</c> is set.</summary>
    protected static double[] Maximized(ParamGroup group, double[] grad) =>
        group.Flag("maximize") ? grad.Select(g => -g).ToArray() : (double[])grad.Clone();

    /// <summary>torch's L2 penalty: <c>grad = grad.add(param, alpha=weight_decay)</c>.</summary>
    protected static void AddWeightDecay(double[] grad, double[] p, double weightDecay)
    {
        if (weightDecay == 0) return;
        for (int i = 0; i < grad.Length; i++) grad[i] += weightDecay * p[i];
    }

    /// <summary>A new buffer of <paramref name="length"/> elements, all <paramref name="value"/>.</summary>
    protected static double[] Filled(int length, double value) => Enumerable.Repeat(value, length).ToArray();

    /// <summary>1, -1, or 0 for ±0: torch.sign.</summary>
    protected static double Sign(double x) => x > 0 ? 1 : x < 0 ? -1 : 0;
}
