using SimdOpt.Generators.Language;
using SimdOpt.Generators.Model;

namespace SimdOpt.Generators.Analysis;

/// <summary>
/// Contracts the products and sums of a loop expression into fused multiply-adds, <c>fma(a, b, c)</c>: one rounding
/// instead of two, and one instruction instead of two, as a C compiler contracts with <c>-ffp-contract=on</c>. The
/// rule is applied to the bound tree before any path is emitted, so every path (Vector512 ... scalar) computes the
/// same fused operations and stays bit-identical to the others.
/// </summary>
/// <remarks>
/// <para>Contracted, where the product varies per element: <c>a * b + c</c> and <c>c + a * b</c> (when both sides are
/// products, the left one is fused); <c>c - k * b</c> and <c>c - b * k</c> with <c>k</c> per step, as
/// <c>fma(-k, b, c)</c>; <c>a * b - k</c> with <c>k</c> per step, as <c>fma(a, b, -k)</c>. The negation is of a
/// per-step value, computed once per step in double, where it is exact: a per-element one would cost the instruction
/// the contraction saves, and the loop's negation (<c>0 - x</c>, for the sign of zero) is not exact for zeros.</para>
/// <para>Not contracted: a product of per-step values only (hoisted into one coefficient before the loop, as it
/// was), per-step code (computed in double once per step), and <c>c - a * b</c> with both factors per element.</para>
/// </remarks>
internal static class Contraction
{
    /// <summary>The loop expression <paramref name="bound"/> with its products and sums contracted, bottom
    /// up.</summary>
    public static Bound Contract(Bound bound) => bound.RewritePerElementOperators(ContractNode);

    // One per-element operator node whose operands are already contracted.
    private static Bound ContractNode(Bound node)
    {
        if (node.Op == ExprKind.Add)
        {
            if (IsProduct(node[0])) return Fused(node[0][0], node[0][1], node[1]);
            if (IsProduct(node[1])) return Fused(node[1][0], node[1][1], node[0]);
        }
        else if (node.Op == ExprKind.Subtract)
        {
            var (minuend, subtrahend) = (node[0], node[1]);
            if (IsProduct(subtrahend) && !subtrahend[0].IsPerElement)
                return Fused(Negated(subtrahend[0]), subtrahend[1], minuend);
            if (IsProduct(subtrahend) && !subtrahend[1].IsPerElement)
                return Fused(subtrahend[0], Negated(subtrahend[1]), minuend);
            if (IsProduct(minuend) && !subtrahend.IsPerElement)
                return Fused(minuend[0], minuend[1], Negated(subtrahend));
        }
        return node;
    }

    private static bool IsProduct(Bound b) =>
        b.Kind == BoundKind.Operator && b.Op == ExprKind.Multiply && b.IsPerElement;

    private static Bound Fused(Bound a, Bound b, Bound c) =>
        Bound.Operator(ExprKind.Call, Operations.FusedMultiplyAdd, false, a, b, c);

    private static Bound Negated(Bound perStep) => Bound.Operator(ExprKind.Negate, "", false, perStep);
}
