using System.Globalization;

namespace SimdOpt.Training;

/// <summary>
/// Dynamic loss scaling for mixed-precision training, as <c>torch.cuda.amp.GradScaler</c>: multiply the loss by
/// <see cref="Scale"/> before back-propagation, then let the scaler unscale the gradients and step. A step whose
/// gradients hold an infinity or NaN is skipped (parameters, state and step counts stay as they were); the scale
/// is multiplied by the backoff factor after such a step and by the growth factor after
/// <see cref="GrowthInterval"/> clean steps in a row. The scale is kept in single precision, as torch keeps it, and
/// never falls below <see cref="MinScale"/>, so that its reciprocal stays finite; a step whose gradients overflow when
/// unscaled is skipped like one whose scaled gradients were non-finite.
/// </summary>
/// <remarks>
/// One iteration: <c>scaler.ScaleLoss(loss)</c> → back-propagate → optionally <c>scaler.Unscale(optimizer)</c> and
/// clip → <c>scaler.Step(optimizer)</c> → <c>scaler.Update()</c>.
/// </remarks>
public sealed class GradScaler
{
    private enum Stage { Unscaled, Stepped }

    // Keyed by the optimizer, or by what a distributed step names as its optimizer (Step<TTarget>).
    private readonly Dictionary<object, (Stage Stage, bool FoundNonFinite)> _iteration =
        new(ReferenceEqualityComparer.Instance);
    private float _scale;

    /// <summary>
    /// The smallest scale, 2^-126 (the smallest normal single): backing off stops here, because below it the reciprocal
    /// that unscales the gradients would be infinite (torch lets the scale reach 0 and then steps with infinite
    /// gradients).
    /// </summary>
    public const double MinScale = 1.1754943508222875E-38;

    /// <summary>Creates a scaler with torch's defaults.</summary>
    /// <param name="initScale">The first scale; finite in single precision and at least <see cref="MinScale"/>.</param>
    /// <param name="growthFactor">The factor the scale grows by after <paramref name="growthInterval"/> clean steps;
    /// above 1.</param>
    /// <param name="backoffFactor">The factor the scale shrinks by after a step with non-finite gradients; in (0,
    /// 1).</param>
    /// <param name="growthInterval">The number of clean steps in a row before the scale grows; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public GradScaler(double initScale = 65536.0, double growthFactor = 2.0, double backoffFactor = 0.5,
        int growthInterval = 2000)
    {
        if (InvalidScale((float)initScale) is string problem)
            throw new ArgumentOutOfRangeException(nameof(initScale), initScale,
                $"The initial scale is {Format(initScale)}; {problem}.");
        if (!(growthFactor > 1) || !double.IsFinite(growthFactor))
            throw new ArgumentOutOfRangeException(nameof(growthFactor), growthFactor,
                $"The growth factor must be finite and above 1, but is {Format(growthFactor)}.");
        if (!(backoffFactor > 0 && backoffFactor < 1))
            throw new ArgumentOutOfRangeException(nameof(backoffFactor), backoffFactor,
                $"The backoff factor must lie in (0, 1), but is {Format(backoffFactor)}.");
        ArgumentOutOfRangeException.ThrowIfLessThan(growthInterval, 1);
        _scale = (float)initScale;
        GrowthFactor = growthFactor;
        BackoffFactor = backoffFactor;
        GrowthInterval = growthInterval;
    }

    /// <summary>The current scale (a single-precision value).</summary>
    public double Scale => _scale;

    /// <summary>The factor the scale grows by.</summary>
    public double GrowthFactor { get; }

    /// <summary>The factor the scale shrinks by.</summary>
    public double BackoffFactor { get; }

    /// <summary>The number of clean steps in a row before the scale grows.</summary>
    public int GrowthInterval { get; }

    /// <summary>The number of clean steps since the scale last changed (torch's <c>_growth_tracker</c>).</summary>
    public int GrowthTracker { get; private set; }

    /// <summary>The loss multiplied by the scale: back-propagate this one.</summary>
    /// <param name="loss">The unscaled loss.</param>
    public double ScaleLoss(double loss) => loss * _scale;

    /// <summary>
    /// Divides the optimizer's gradients by the scale (multiplying by the single-precision reciprocal, as torch) and,
    /// in the same pass, records whether any unscaled gradient is infinite or NaN (a non-finite scaled one stays so, a
    /// finite one may overflow when the scale is below 1). Call it before clipping; otherwise
    /// <see cref="Step(Optimizer)"/> calls it.
    /// </summary>
    /// <param name="optimizer">The optimizer whose gradients to unscale.</param>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The optimizer was already unscaled or stepped since the last
    /// <see cref="Update"/>.</exception>
    public void Unscale(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        if (_iteration.TryGetValue(optimizer, out var state))
            throw new InvalidOperationException(state.Stage == Stage.Unscaled
                ? "Unscale has already been called on this optimizer since the last Update."
                : "Unscale is being called after Step; call Update first.");
        double inverse = (float)(1.0 / _scale);
        _iteration[optimizer] = (Stage.Unscaled, optimizer.UnscaleGradients(inverse));
    }

    /// <summary>Unscales the gradients (unless <see cref="Unscale"/> already did) and steps the optimizer unless a
    /// gradient was infinite or NaN.</summary>
    /// <param name="optimizer">The optimizer to step.</param>
    /// <returns>True when the optimizer stepped; false when the step was skipped for non-finite gradients.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The optimizer was already stepped since the last
    /// <see cref="Update"/>.</exception>
    public bool Step(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        if (_iteration.TryGetValue(optimizer, out var state) && state.Stage == Stage.Stepped)
            throw new InvalidOperationException(
                "Step has already been called on this optimizer since the last Update.");
        if (!_iteration.ContainsKey(optimizer)) Unscale(optimizer);
        bool foundNonFinite = _iteration[optimizer].FoundNonFinite;
        if (!foundNonFinite) optimizer.Step();
        _iteration[optimizer] = (Stage.Stepped, foundNonFinite);
        return !foundNonFinite;
    }

    /// <summary>
    /// Unscales, clips and steps in one call, as torch's <c>scaler.unscale_(optimizer)</c>,
    /// <c>clip_grad_norm_(params, maxNorm)</c>, <c>scaler.step(optimizer)</c>, without writing the gradients: one
    /// read-only pass computes the norm of the unscaled gradients and whether any is infinite or NaN; then either the
    /// whole step is skipped (nothing written, step counts unchanged, and <see cref="Update"/> backs off as after
    /// <see cref="Step(Optimizer)"/>), or the optimizer steps with every gradient multiplied, as its kernels load it,
    /// by the clip coefficient over the scale. It moves 32 bytes per element for AdamW instead of the unfused calls'
    /// 48.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The unfused sequence it equals is <see cref="Unscale"/>, then
    /// <see cref="GradientClipping.ClipGradNorm"/>(optimizer, maxNorm), then <see cref="Step(Optimizer)"/>: the
    /// returned norm, the decision to skip and the scaler's next scale always have the same bits (the norm is taken of
    /// the unscaled gradients rounded to the element type, in the same order); the parameters and the state have the
    /// same bits whenever the clip does not act (a norm at most <paramref name="maxNorm"/>) and otherwise whenever both
    /// <c>g / scale</c> and <c>coefficient / scale</c> are exact in the element type. That holds when the scale is a
    /// power of two (the default 65536, grown by 2 and backed off by 0.5, always is) and neither product falls below
    /// the element type's smallest normal number. Otherwise the fused step rounds <c>g * (coefficient / scale)</c> once
    /// where the unfused calls round <c>g / scale</c> and then its product with the coefficient: each gradient may
    /// differ by the last bit.
    /// </para>
    /// <para>
    /// Leaves the gradients as they were (scaled), where the unfused calls leave them unscaled and clipped.
    /// </para>
    /// </remarks>
    /// <param name="optimizer">The optimizer to step.</param>
    /// <param name="maxNorm">The largest total norm of the unscaled gradients (zero or positive;
    /// <see cref="double.PositiveInfinity"/> clips nothing).</param>
    /// <returns>Whether it stepped, the total norm before clipping, and the factor applied.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is negative or NaN.</exception>
    /// <exception cref="InvalidOperationException">The optimizer was already unscaled (its gradients then are: clip
    /// them and call <see cref="Step(Optimizer)"/>) or stepped since the last <see cref="Update"/>.</exception>
    public FusedStepResult Step(Optimizer optimizer, double maxNorm)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        double inverse = BeginFusedStep(optimizer, maxNorm);
        return EndFusedStep(optimizer, optimizer.StepClipped(inverse, maxNorm, skipNonFinite: true));
    }

    /// <summary>
    /// <see cref="Step(Optimizer, double)"/> for an optimizer whose fused step the scaler cannot run by itself: a
    /// rank's shard of a distributed optimizer (SimdOpt.Mpi's <c>ShardedOptimizer</c>), whose check adds every rank's
    /// partial sums and whose step needs the caller's buffers. The scaler runs <see cref="FusedStep.Run{TTarget}"/> on
    /// <paramref name="target"/> with its inverse scale, skipping on a non-finite gradient, and records the iteration
    /// under <paramref name="optimizer"/>: <see cref="Update"/> then backs off or grows as after
    /// <see cref="Step(Optimizer, double)"/>. When the target's check is global (every rank finds the same), every
    /// rank's scaler takes the same decisions.
    /// </summary>
    /// <param name="optimizer">What the iteration is recorded under: the same object on every step.</param>
    /// <param name="target">The gradients and the step.</param>
    /// <param name="maxNorm">The largest total norm of the unscaled gradients (zero or positive;
    /// <see cref="double.PositiveInfinity"/> clips nothing).</param>
    /// <typeparam name="TTarget">The target's type (a ref struct holding spans may be one).</typeparam>
    /// <returns>Whether it stepped, the total norm before clipping, and the factor applied.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is negative or NaN.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="optimizer"/> was already stepped since the last
    /// <see cref="Update"/>.</exception>
    public FusedStepResult Step<TTarget>(object optimizer, TTarget target, double maxNorm)
        where TTarget : IFusedStepTarget, allows ref struct
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        double inverse = BeginFusedStep(optimizer, maxNorm);
        return EndFusedStep(optimizer, FusedStep.Run(target, inverse, maxNorm, skipNonFinite: true));
    }

    // The checks of a fused step, and the inverse scale it multiplies by (the single-precision reciprocal, as torch).
    private double BeginFusedStep(object optimizer, double maxNorm)
    {
        GradientClipping.EnsureMaxNorm(maxNorm);
        if (_iteration.TryGetValue(optimizer, out var state))
            throw new InvalidOperationException(state.Stage == Stage.Unscaled
                ? "Unscale has already been called on this optimizer since the last Update, so its gradients are "
                    + "unscaled: clip them and call Step(optimizer) instead."
                : "Step has already been called on this optimizer since the last Update.");
        return (float)(1.0 / _scale);
    }

    private FusedStepResult EndFusedStep(object optimizer, FusedStepResult result)
    {
        _iteration[optimizer] = (Stage.Stepped, !result.Stepped);
        return result;
    }

    /// <summary>
    /// Adapts the scale after an iteration: times the backoff factor when any optimizer's gradients were non-finite,
    /// but not below <see cref="MinScale"/>; times the growth factor after <see cref="GrowthInterval"/> clean
    /// iterations in a row (unless that overflows).
    /// </summary>
    /// <exception cref="InvalidOperationException">No optimizer was unscaled or stepped since the last
    /// update.</exception>
    public void Update()
    {
        if (_iteration.Count == 0)
            throw new InvalidOperationException(
                "No gradients were checked since the last Update: call Step (or Unscale) first.");
        bool foundNonFinite = _iteration.Values.Any(s => s.FoundNonFinite);
        // torch's _amp_update_scale_: products in double, stored in single precision.
        if (foundNonFinite)
        {
            _scale = Math.Max((float)(_scale * BackoffFactor), (float)MinScale);
            GrowthTracker = 0;
        }
        else if (GrowthTracker + 1 == GrowthInterval)
        {
            float grown = (float)(_scale * GrowthFactor);
            if (float.IsFinite(grown)) _scale = grown;
            GrowthTracker = 0;
        }
        else
        {
            GrowthTracker++;
        }
        _iteration.Clear();
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"GradScaler(scale={Format(Scale)}, growth_tracker={GrowthTracker.ToString(CultureInfo.InvariantCulture)})";

    /// <summary>Writes the scale and the growth tracker.</summary>
    internal void WriteCheckpoint(CheckpointWriter writer)
    {
        writer.WriteSingle(_scale);
        writer.WriteInt32(GrowthTracker);
    }

    /// <summary>Reads and checks the scaler's section; the returned action commits it.</summary>
    internal Action ReadCheckpoint(CheckpointReader reader)
    {
        float scale = reader.ReadSingle();
        int tracker = reader.ReadInt32();
        if (InvalidScale(scale) is string problem)
            throw new InvalidDataException($"The checkpoint's loss scale is {Format(scale)}; {problem}.");
        if (tracker < 0 || tracker >= GrowthInterval)
            throw new InvalidDataException(
                $"The checkpoint's growth tracker is {tracker.ToString(CultureInfo.InvariantCulture)}; "
                + $"this scaler's must lie in [0, {GrowthInterval.ToString(CultureInfo.InvariantCulture)}).");
        return () =>
        {
            _scale = scale;
            GrowthTracker = tracker;
            _iteration.Clear();
        };
    }

    // The one rule for a scale, whether given, reached or loaded: what is wrong with it, or null.
    private static string? InvalidScale(float scale) =>
        scale >= (float)MinScale && float.IsFinite(scale)
            ? null
            : $"a scale must be finite in single precision and at least {Format(MinScale)}";

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
