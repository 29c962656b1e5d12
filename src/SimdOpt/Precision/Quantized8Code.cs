namespace SimdOpt.Precision;

/// <summary>
/// The 8-bit codes of <see cref="Quantized8Codec"/>: what a byte means, relative to its block's scale (the largest
/// finite magnitude in the block). Both are tiny floating-point formats of the value divided by the scale, so their
/// relative precision is the same at every magnitude (like bitsandbytes' dynamic code, unlike a linear code), and
/// quantizing is arithmetic (round to nearest even on the bits) rather than a search of a 256-entry table, so it
/// vectorizes and gives the same bits on every path. The block's largest element is stored exactly. Infinities and
/// NaN have codes of their own and stay what they are; they do not enter the scale, so the block's other elements
/// keep their values. See docs/precision.md for the choice against bitsandbytes and torchao.
/// </summary>
public enum Quantized8Code
{
    /// <summary>
    /// For signed data (first moments, <c>exp_avg</c>): a sign bit, 4 exponent bits and 3 mantissa bits. Magnitudes
    /// from 2^-14 to 1 (times the scale) are normal, with a relative rounding error of at most 2^-4; below 2^-14 they
    /// round to multiples of 2^-17, and below 2^-18 to zero. ±0 keep their sign; ±infinity and NaN keep theirs.
    /// </summary>
    SignedDynamic,

    /// <summary>
    /// For non-negative data (second moments, <c>exp_avg_sq</c>): 5 exponent bits and 3 mantissa bits, no sign.
    /// Magnitudes from 2^-30 to 1 (times the scale) are normal, with a relative rounding error of at most 2^-4: twice
    /// the exponent range of <see cref="SignedDynamic"/>, because a second moment's range is the square of its first
    /// moment's. Below 2^-30 values round to multiples of 2^-33, but a positive value never rounds to zero: it
    /// stores at least 2^-33, so a denominator <c>sqrt(v) + eps</c> never loses a nonzero <c>v</c> (the cause of the
    /// exploding updates a linear code brings to Adam). Negative values (including -infinity) are outside the code and
    /// store NaN, so a wrong buffer shows instead of silently becoming zero; -0 stores +0.
    /// </summary>
    UnsignedDynamic,
}
