using System.Globalization;
using System.Numerics;
using SimdOpt.Kernels;
using SimdOpt.Tests.Support;
using Xunit.Sdk;

namespace SimdOpt.Tests.References;

/// <summary>
/// The generated kernels agree with the hand-written double references over 20 to 50 steps, for random
/// hyperparameters and every flag combination.
/// <para>
/// The run is lockstep: the kernel runs its own trajectory through <see cref="OptimizerState{T}"/> (lazy state,
/// dispatching kernel), and each step the reference starts from the kernel's parameters and state — except the first,
/// where it starts from its own torch-style initialisation, so initial values are checked too. Rounding therefore
/// does not accumulate, and the tolerance bounds one step's rounding.
/// </para>
/// <para>
/// Lion and Rprop take signs, which jump at 0: where float rounding alone decides a sign, float and double may rightly
/// differ by a whole step. So the reference also runs from inputs moved by 16 roundings either way (state and
/// parameters by a factor 1 ± ρ, the gradient by 1 ∓ ρ), and an element passes when it agrees with any of the three
/// results: a kernel result is right when exact arithmetic on inputs within rounding distance gives it. Where the
/// three agree — nearly everywhere — this adds nothing.
/// </para>
/// </summary>
public sealed class ReferenceAgreementTests
{
    /// <summary>
    /// Float kernels: an element passes within <c>2e-6 * (|reference| + scale)</c> of the references' range (see
    /// Agree for the scale). One step costs a few float roundings (2^-24 ≈ 6e-8 each), the coefficients' own rounding
    /// to float included; the largest error measured over 3000 cases per optimizer was 2.3e-7 (about 4 roundings,
    /// Adadelta's acc_delta), so 2e-6 (34 roundings) holds with a margin of 8, while a wrong formula or coefficient
    /// misses by orders of magnitude.
    /// </summary>
    public const double FloatTolerance = 2e-6;

    /// <summary>
    /// Double kernels, and the double per-step state of every kernel: the same reasoning with 2^-53 — largest measured
    /// 4.3e-16 (about 4 roundings), tolerance 4e-15 (36 roundings).
    /// </summary>
    public const double DoubleTolerance = 4e-15;

    /// <summary>The float kernel agrees with the reference.</summary>
    [Theory]
    [MemberData(nameof(Registered.BuiltInNames), MemberType = typeof(Registered))]
    public void Float_kernel_agrees_with_the_reference(string optimizer) => Check<float>(optimizer, FloatTolerance);

    /// <summary>The double kernel agrees with the reference.</summary>
    [Theory]
    [MemberData(nameof(Registered.BuiltInNames), MemberType = typeof(Registered))]
    public void Double_kernel_agrees_with_the_reference(string optimizer) => Check<double>(optimizer, DoubleTolerance);

    /// <summary>Every optimizer SimdOpt ships has exactly one reference, and every reference an optimizer.</summary>
    [Fact]
    public void Every_shipped_optimizer_has_one_reference() =>
        Assert.Equal(Registered.BuiltIn.Select(i => i.Name).Order(), Reference.All.Select(r => r.Optimizer).Order());

    private static void Check<T>(string optimizer, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var reference = Reference.For(optimizer);
        Property.ForAll(ReferenceCase.For(reference), c => Lockstep<T>(reference, c, tolerance));
    }

    private static void Lockstep<T>(Reference reference, ReferenceCase c, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var arithmetic = Arithmetic.Of<T>();
        var random = new Random(c.Seed);
        var info = c.Optimizer.Info;
        var group = ParamGroup.Of(c.Optimizer);
        var kernel = new OptimizerState<T>(c.Optimizer, c.Length);
        var p = new T[c.Length];
        var g = new T[c.Length];
        // Inputs besides g (Sophia's Hessian estimate) are drawn every step, non-negative like a squared gradient.
        var x = info.Inputs.Select(_ => new T[c.Length]).ToArray();
        Values.FillWellScaled<T>(p, random, -2, 1, 0.05);
        var referenceState = new ReferenceState();
        for (long t = 1; t <= c.Steps; t++)
        {
            Values.FillWellScaled<T>(g, random, -3, 1, 0.1);
            var grad = Widen<T>(g);
            foreach (var input in x)
            {
                Values.FillWellScaled<T>(input, random, -4, 1, 0.1);
                for (int i = 0; i < input.Length; i++) input[i] = T.Abs(input[i]);
            }
            var inputs = x.Select(input => Widen<T>(input)).ToArray();
            var start = t == 1 ? referenceState : FromKernel(kernel, referenceState);
            var before = new Snapshot(Widen<T>(p), start, inputs);
            var exact = before.Step(reference, group, t, grad, 1, 1);
            // Some corners of the declared ranges diverge (Adadelta with rho = 1 and a large lr is plain gradient
            // descent that overshoots; Adam with beta1^2 > beta2 and eps near 0 takes huge steps). Once values near
            // the square root of T's largest number, squares overflow in T but not in double and the two cannot be
            // compared, so the run ends there — after every earlier step, including the one that grew them, was
            // checked.
            if (before.Magnitude > arithmetic.Huge || exact.Magnitude > arithmetic.Huge) return;
            double rho = 16 * arithmetic.Roundoff;
            var results = new[] { exact, before.Step(reference, group, t, grad, 1 + rho, 1 - rho), before.Step(reference, group, t, grad, 1 - rho, 1 + rho) };
            kernel.Step(p, g, new InputSpans<T>(x.Select(input => (ReadOnlyMemory<T>)input).ToArray()));

            string where = $"step {t}";
            Agree(Widen<T>(p), results.Select(r => r.P).ToArray(), before.P, tolerance, arithmetic, where + ", p");
            foreach (var name in exact.State.Buffers.Keys)
            {
                if (!info.States.Any(s => s.Name == name))
                    throw new XunitException($"The reference keeps a buffer '{name}' that {info.Name} does not declare (it declares {string.Join(", ", info.States.Select(s => s.Name))}).");
                before.State.TryGetBuffer(name, out var previous);
                Agree(Widen<T>(kernel.Buffer(name)), results.Select(r => r.State.Buffers[name]).ToArray(), previous, tolerance, arithmetic, where + ", state " + name);
            }
            foreach (var name in exact.State.Scalars.Keys)
            {
                int index = info.StepStates.Select(s => s.Name).ToList().IndexOf(name);
                if (index < 0) throw new XunitException($"The reference keeps a scalar '{name}' that {info.Name} does not declare as a step state.");
                Agree([kernel.StepState[index]], results.Select(r => new[] { r.State.Scalars[name] }).ToArray(), null, DoubleTolerance, Arithmetic.Of<double>(), where + ", step state " + name);
            }
            referenceState = exact.State;
        }
    }

    /// <summary>The reference's state with every buffer it has replaced by the kernel's values, and the kernel's step
    /// states.</summary>
    private static ReferenceState FromKernel<T>(OptimizerState<T> kernel, ReferenceState shape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var state = new ReferenceState();
        foreach (var name in shape.Buffers.Keys) state.SetBuffer(name, Widen<T>(kernel.Buffer(name)));
        var stepStates = kernel.Hyperparameters.Info.StepStates;
        for (int k = 0; k < stepStates.Count; k++) state.SetScalar(stepStates[k].Name, kernel.StepState[k]);
        return state;
    }

    /// <summary>
    /// Fails unless each element of <paramref name="actual"/> lies between the smallest and the largest of the three
    /// reference results for it (<paramref name="results"/>: exact, inputs moved up, inputs moved down), widened by
    /// <c>tolerance * (|exact| + scale)</c>. The scale is the largest magnitude among the buffer's values before and
    /// after the step and the step's changes: the last operation of a step (<c>p - update</c>) rounds relative to its
    /// operands, not to its result.
    /// </summary>
    private static void Agree(double[] actual, double[][] results, double[]? before, double tolerance, Arithmetic arithmetic, string what)
    {
        var exact = results[0];
        double scale = 0;
        for (int i = 0; i < exact.Length; i++)
        {
            double previous = before?[i] ?? 0;
            foreach (double x in (ReadOnlySpan<double>)[exact[i], previous, exact[i] - previous])
                if (double.IsFinite(x)) scale = Math.Max(scale, Math.Abs(x));
        }
        for (int i = 0; i < actual.Length; i++)
        {
            double error = Error(actual[i], results.Select(r => r[i]).ToArray(), scale, arithmetic);
            if (error > tolerance)
                throw new XunitException(string.Create(CultureInfo.InvariantCulture,
                    $"{what}[{i}]: kernel {actual[i]:R}, reference {exact[i]:R} (inputs moved by 16 roundings: {results[1][i]:R}, {results[2][i]:R}; relative error {error:G3}, tolerance {tolerance:G3}, scale {scale:G3})."));
        }
    }

    /// <summary>
    /// How far <paramref name="a"/> lies outside the range of <paramref name="results"/>, relative to
    /// <c>|exact| + scale</c>: 0 when it equals the exact result (infinities included) or both are NaN, infinite when
    /// only one is NaN. A distance below T's smallest normal number does not count: T has no relative precision
    /// there (a float buffer decaying to 1e-48 is 0).
    /// </summary>
    private static double Error(double a, double[] results, double scale, Arithmetic arithmetic)
    {
        double exact = results[0];
        if ((double.IsNaN(a) && double.IsNaN(exact)) || a == exact) return 0;
        if (double.IsNaN(a) || double.IsNaN(exact)) return double.PositiveInfinity;
        double lo = results.Where(double.IsFinite).DefaultIfEmpty(exact).Min(), hi = results.Where(double.IsFinite).DefaultIfEmpty(exact).Max();
        double outside = a < lo ? lo - a : a > hi ? a - hi : 0;
        return Math.Max(0, outside - arithmetic.SmallestNormal) / (Math.Abs(exact) + scale);
    }

    private static double[] Widen<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var wide = new double[values.Length];
        for (int i = 0; i < wide.Length; i++) wide[i] = double.CreateTruncating(values[i]);
        return wide;
    }

    /// <summary>What a kernel's element type can represent: its unit roundoff, smallest normal number, and the
    /// magnitude whose square still fits (with room).</summary>
    private sealed record Arithmetic(double Roundoff, double SmallestNormal, double Huge)
    {
        public static Arithmetic Of<T>() where T : unmanaged, IFloatingPointIeee754<T> => new(
            1 - double.CreateTruncating(T.BitDecrement(T.One)),
            double.CreateTruncating(Values.SmallestNormal<T>()),
            Math.Sqrt(double.CreateTruncating(Values.MaxValue<T>())) / 1024);
    }

    /// <summary>The reference's inputs to one step, or its results: parameters and state.</summary>
    private sealed record Snapshot(double[] P, ReferenceState State, double[][] Inputs)
    {
        /// <summary>The largest magnitude of the parameters and buffers (NaN and infinity count as huge).</summary>
        public double Magnitude => P.Concat(State.Buffers.Values.SelectMany(b => b)).Select(x => double.IsNaN(x) ? double.PositiveInfinity : Math.Abs(x)).DefaultIfEmpty(0).Max();

        /// <summary>Runs the step on copies, the parameters and state scaled by <paramref name="stateFactor"/>, the
        /// gradient by <paramref name="gradientFactor"/>.</summary>
        public Snapshot Step(Reference reference, ParamGroup group, long t, double[] grad, double stateFactor, double gradientFactor)
        {
            var p = P.Select(x => x * stateFactor).ToArray();
            var state = State.Scaled(stateFactor);
            reference.Step(group, t, p, grad.Select(x => x * gradientFactor).ToArray(), Inputs, state);
            return new Snapshot(p, state, Inputs);
        }
    }
}
