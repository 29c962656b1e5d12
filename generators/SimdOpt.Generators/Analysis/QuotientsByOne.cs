using SimdOpt.Generators.Model;

namespace SimdOpt.Generators.Analysis;

/// <summary>
/// Specialises every per-element quotient by a per-step divisor on that divisor being one: <c>x / k</c> becomes
/// <c>k == 1 ? x : x / k</c>, whose condition the analyzer hoists into a switch, so in a step where the divisor is one
/// the loop has no division at all. Such divisors are common and often one: a gradient clip coefficient
/// (<c>max(norm / max_norm, 1)</c>) whenever the norm is within bounds, and the bias corrections <c>1 - beta^t</c>
/// and <c>sqrt(1 - beta^t)</c> once <c>beta^t</c> is below half a double ulp of one (LAMB and MARS divide by all
/// three, as timm writes them). A division costs several multiplications on every CPU, and it is the same operation
/// whether skipped or not: IEEE division by one returns its dividend exactly, so every path keeps its bits.
/// </summary>
/// <remarks>The switch compares the divisor in double, as the prologue computes it; the loop divides by it rounded to
/// the element type, which is one whenever the double is. (A double within half a float ulp of one also rounds to
/// one, and is then divided by, exactly as before: correct, not specialised.) A divisor of numbers only (<c>x / 2</c>,
/// <c>x / (2 * 3)</c>) is left alone: it is one or not at compile time.</remarks>
internal static class QuotientsByOne
{
    /// <summary>The loop expression <paramref name="bound"/> with every quotient by a per-step divisor specialised,
    /// bottom up.</summary>
    public static Bound Specialise(Bound bound) => bound.RewritePerElementOperators(SpecialiseNode);

    // One per-element operator node whose operands are already specialised.
    private static Bound SpecialiseNode(Bound node)
    {
        if (node.Op != ExprKind.Divide) return node;
        var (dividend, divisor) = (node[0], node[1]);
        if (!dividend.IsPerElement || divisor.IsPerElement || !divisor.ReadsAName()) return node;
        var isOne = Bound.Operator(ExprKind.Equal, "", true, divisor, Bound.Constant(1D));
        return Bound.Operator(ExprKind.Conditional, "", false, isOne, dividend, node);
    }
}
