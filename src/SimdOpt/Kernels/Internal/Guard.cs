using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SimdOpt.Kernels.Internal;

/// <summary>Argument checks shared by generated code, so every optimizer words its errors the same way.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class Guard
{
    /// <summary>Returns <paramref name="value"/> when it is finite and inside the range, else throws naming
    /// <paramref name="name"/>.</summary>
    /// <param name="name">The hyperparameter's name.</param>
    /// <param name="value">The candidate value.</param>
    /// <param name="min">The lower bound.</param>
    /// <param name="max">The upper bound.</param>
    /// <param name="minExclusive">Whether the lower bound is refused.</param>
    /// <param name="maxExclusive">Whether the upper bound is refused.</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is refused.</exception>
    public static double Hyperparameter(
        string name, double value, double min, double max, bool minExclusive, bool maxExclusive)
    {
        if (!double.IsFinite(value))
            throw new ArgumentOutOfRangeException(name, value,
                $"Hyperparameter '{name}' must be finite, but is {HyperparameterInfo.FormatBound(value)}.");
        bool above = minExclusive ? value > min : value >= min;
        bool below = maxExclusive ? value < max : value <= max;
        if (!above || !below)
        {
            string range = HyperparameterInfo.FormatRange(min, max, minExclusive, maxExclusive);
            throw new ArgumentOutOfRangeException(name, value,
                $"Hyperparameter '{name}' must lie in {range}, but is {HyperparameterInfo.FormatBound(value)}.");
        }
        return value;
    }

    /// <summary>Returns the gradient scale of a step rounded to <typeparamref name="T"/>, when it is finite there,
    /// else throws.</summary>
    /// <param name="gradientScale">The factor every gradient element is multiplied by as the kernel loads it.</param>
    /// <typeparam name="T">The element type.</typeparam>
    /// <exception cref="ArgumentOutOfRangeException">The scale is infinite or NaN, in double or once
    /// rounded.</exception>
    // Inlined, with the message built out of line: every plan's Prepare calls it, and the message's string handler
    // inline made the caller's frame zero 32 bytes of stack on every step.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T GradientScale<T>(double gradientScale) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        T scale = T.CreateTruncating(gradientScale);
        if (!T.IsFinite(scale)) ThrowGradientScale(gradientScale, typeof(T).Name);
        return scale;
    }

    /// <summary>Throws unless the step count is at least 1.</summary>
    /// <param name="t">The step count.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="t"/> is below 1.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StepCount(long t)
    {
        if (t < 1) ThrowStepCount(t);
    }

    /// <summary>Throws unless span <paramref name="name"/> is as long as the parameters.</summary>
    /// <param name="name">The span's argument name.</param>
    /// <param name="length">The span's length.</param>
    /// <param name="parameterLength">The length of the parameter span <c>p</c>.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SameLength(string name, int length, int parameterLength)
    {
        if (length != parameterLength) ThrowLengthMismatch(name, length, parameterLength);
    }

    /// <summary>Throws unless input <paramref name="name"/> is as long as the parameters on a step that reads it, and
    /// either empty or as long on a step that does not.</summary>
    /// <param name="name">The input's name.</param>
    /// <param name="length">The input span's length.</param>
    /// <param name="parameterLength">The length of the parameter span <c>p</c>.</param>
    /// <param name="read">Whether this step reads the input.</param>
    /// <exception cref="ArgumentException">The input is missing on a step that reads it, or has a wrong
    /// length.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void InputLength(string name, int length, int parameterLength, bool read)
    {
        if (length != parameterLength && (read || length != 0)) ThrowInputLength(name, length, parameterLength, read);
    }

    /// <summary>
    /// Throws unless span <paramref name="name"/>, which the step writes or whose reader must not see the step's
    /// writes, shares no element with span <paramref name="otherName"/>. With <paramref name="samePermitted"/>, the two
    /// may also be the very same span (same first element, same length): the rule of TensorPrimitives, for the
    /// gradient, which may be the parameters themselves because every element reads both before it writes the
    /// parameter.
    /// </summary>
    /// <param name="name">The argument the error names.</param>
    /// <param name="span">Its span.</param>
    /// <param name="otherName">The argument it must stay apart from.</param>
    /// <param name="other">That argument's span.</param>
    /// <param name="samePermitted">Whether the very same span is allowed.</param>
    /// <typeparam name="T">The element type.</typeparam>
    /// <exception cref="ArgumentException">The spans overlap (and are not the very same span where that is
    /// permitted).</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Apart<T>(
        string name, ReadOnlySpan<T> span, string otherName, ReadOnlySpan<T> other, bool samePermitted = false)
    {
        // MemoryExtensions.Overlaps' test, written out: that method is too big for the JIT to inline into a plan's
        // Apply, which checks seven pairs, so each pair cost a call. Empty spans share no element; otherwise the two
        // overlap when other starts less than span's length after span's start, or less than its own length before.
        if (span.IsEmpty || other.IsEmpty) return;
        nint offset = Unsafe.ByteOffset(ref MemoryMarshal.GetReference(span), ref MemoryMarshal.GetReference(other));
        nint size = Unsafe.SizeOf<T>();
        bool overlaps = (nuint)offset < (nuint)(span.Length * size) || (nuint)offset > (nuint)(-(other.Length * size));
        if (overlaps && !(samePermitted && offset == 0 && span.Length == other.Length))
            ThrowOverlap(name, otherName, samePermitted);
    }

    /// <summary>The error for hyperparameters that make a per-step value (a coefficient of the loop) infinite or
    /// NaN.</summary>
    /// <param name="hyperparameters">The hyperparameters the value depends on, comma-separated.</param>
    /// <param name="t">The step count.</param>
    /// <param name="value">The value, rounded to the element type.</param>
    /// <exception cref="ArgumentException">Always.</exception>
    public static Exception NonFiniteStep(string hyperparameters, long t, double value) =>
        new ArgumentException(
            $"At step {t} the hyperparameters "
            + (hyperparameters.Length == 0 ? "(none: the step count alone)" : hyperparameters)
            + $" make a per-step value of the update {value.ToString(CultureInfo.InvariantCulture)}, "
            + "which is not finite in the element type; nothing was changed.", "hyperparameters");

    /// <summary>The refusal of a step in eval mode (torch's schedulefree raises too).</summary>
    /// <param name="optimizer">The optimizer's registry name.</param>
    public static InvalidOperationException StepInEvalMode(string optimizer) =>
        new($"Optimizer '{optimizer}' is in eval mode, where it does not step: call Train() before stepping "
            + "(and Eval() before evaluating or saving). Nothing was changed.");

    /// <summary>Throws unless the per-step state span has one slot per declared step state.</summary>
    /// <param name="length">The span's length.</param>
    /// <param name="expected">The number of declared step states.</param>
    /// <exception cref="ArgumentException">The length is wrong.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StepStateLength(int length, int expected)
    {
        if (length != expected) ThrowStepStateLength(length, expected);
    }

    /// <summary>Throws unless a call of the chunk protocol of a plan with reductions has a pass it declares, a chunk
    /// of at most <see cref="DeterministicReduction.ChunkLength"/> elements inside its tensor, and one total and one
    /// partial per reduction.</summary>
    /// <param name="pass">The pass, 1-based.</param>
    /// <param name="passes">The plan's reduction passes.</param>
    /// <param name="chunkLength">The chunk's length.</param>
    /// <param name="tensorLength">The whole tensor's length.</param>
    /// <param name="totalsLength">The length of the totals span.</param>
    /// <param name="partialsLength">The length of the partials span.</param>
    /// <param name="count">The plan's reductions.</param>
    /// <exception cref="ArgumentOutOfRangeException">The pass or the tensor length is out of range.</exception>
    /// <exception cref="ArgumentException">The chunk is too long, or a span has the wrong length.</exception>
    public static void ReductionChunk(int pass, int passes, int chunkLength, int tensorLength, int totalsLength,
        int partialsLength, int count)
    {
        if (pass < 1 || pass > passes)
            throw new ArgumentOutOfRangeException(nameof(pass), pass, $"The plan has reduction passes 1 to {passes}.");
        if (chunkLength > DeterministicReduction.ChunkLength)
            throw new ArgumentException($"A chunk holds at most {DeterministicReduction.ChunkLength} elements, but p "
                + $"has {chunkLength}; cut the tensor at multiples of {DeterministicReduction.ChunkLength}.", "p");
        if (tensorLength < chunkLength)
            throw new ArgumentOutOfRangeException(nameof(tensorLength), tensorLength,
                $"The tensor is shorter than its chunk of {chunkLength} elements.");
        if (totalsLength != count)
            throw new ArgumentException($"The totals hold {totalsLength} values but the plan has {count} reductions.",
                "totals");
        if (partialsLength != count)
            throw new ArgumentException($"The partials hold {partialsLength} values but the plan has {count} "
                + "reductions.", "partials");
    }

    /// <summary>Throws the error for a name the optimizer does not declare.</summary>
    /// <param name="kind">"hyperparameter" or "flag".</param>
    /// <param name="name">The name asked for.</param>
    /// <param name="optimizer">The optimizer's registry name.</param>
    /// <param name="known">The declared names of that kind.</param>
    /// <exception cref="ArgumentException">Always.</exception>
    public static Exception UnknownName(string kind, string name, string optimizer, string known) =>
        new ArgumentException($"Optimizer '{optimizer}' has no {kind} '{name}'. Known: {known}.", "name");

    // The checks above run on every step: they inline to a compare and a branch, and the throws live out of line.
    [DoesNotReturn]
    private static void ThrowGradientScale(double gradientScale, string typeName) =>
        throw new ArgumentOutOfRangeException(nameof(gradientScale), gradientScale, string.Create(
            CultureInfo.InvariantCulture, $"The gradient scale must be finite in {typeName}, but is ")
            + gradientScale.ToString("R", CultureInfo.InvariantCulture) + ".");

    [DoesNotReturn]
    private static void ThrowStepCount(long t) =>
        throw new ArgumentOutOfRangeException(nameof(t), t,
            $"The step count 't' must be at least 1 (the first step is 1), but is {t}.");

    [DoesNotReturn]
    private static void ThrowStepStateLength(int length, int expected) =>
        throw new ArgumentException(
            $"The step state has {length} slots but the optimizer declares {expected}.", "stepState");

    [DoesNotReturn]
    private static void ThrowOverlap(string name, string otherName, bool samePermitted) =>
        throw new ArgumentException(
            $"Span '{name}' overlaps span '{otherName}'; "
            + (samePermitted
                ? $"'{name}' may be '{otherName}' itself, but must not overlap it otherwise."
                : "a span the step writes must share no element with another span of the step."),
            name);

    [DoesNotReturn]
    private static void ThrowInputLength(string name, int length, int parameterLength, bool read) =>
        throw new ArgumentException(
            read && length == 0
                ? $"This step reads input '{name}', but it is empty; pass it, as long as the parameters 'p' "
                    + $"({parameterLength} elements)."
                : $"Input '{name}' has {length} elements but the parameters 'p' have {parameterLength}; it must be "
                    + (read ? "equally long." : "equally long, or empty on a step that does not read it."),
            name);

    [DoesNotReturn]
    private static void ThrowLengthMismatch(string name, int length, int parameterLength) =>
        throw new ArgumentException(
            $"Span '{name}' has {length} elements but the parameters 'p' have {parameterLength}; "
            + "they must be equally long.", name);
}
