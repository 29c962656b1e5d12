using System.Collections.Generic;
using System.Linq;
using SimdOpt.Generators.Model;

namespace SimdOpt.Generators.Analysis;

/// <summary>
/// When a step needs each read-only pass: a per-step condition, known before any pass, outside which no result of the
/// pass can change the step. A reduction read only where the flags and hyperparameters turn it off (LAMB's norms
/// without weight decay or clipping, MARS's correction norm without <c>optimize_1d</c>) leaves its pass unneeded, and
/// the step skips it. The analysis follows every value from where it is used back to what it reads: the branch of a
/// ternary is needed when it is taken, the right side of <c>&amp;&amp;</c> when the left holds (of <c>||</c>, when it
/// fails), a statement under a switch when the switch is on; a rule, a per-step state and every loop statement always.
/// Where the deciding condition is not known before the passes (it reads a reduction, a per-step state the step
/// updates, or a per-element value), both sides are needed.
/// </summary>
internal static class PassDemand
{
    /// <summary>The passes of <paramref name="plan"/>, each with the condition under which the step needs it.</summary>
    /// <param name="prologue">The per-step statements, with their stages set.</param>
    /// <param name="loop">The per-element statements.</param>
    /// <param name="plan">The reductions and passes, each reduction with its pass set.</param>
    public static EquatableArray<PassModel> Annotate(IReadOnlyList<PrologueOp> prologue, IReadOnlyList<LoopOp> loop,
        ReductionPlan plan)
    {
        var known = new KnownBeforePasses(prologue);
        var reductions = new Bound?[plan.Reductions.Count];
        // A reduction is needed through a later pass's operands, which need the reductions after it: the least
        // fixpoint, reached in at most one round per pass (the cap is a guard that keeps every pass).
        bool settled = false;
        for (int round = 0; round <= plan.Passes.Count + 1 && !settled; round++)
        {
            var demand = new Demand(known);
            foreach (var op in loop) demand.Statement(op, Condition.True);
            foreach (var pass in plan.Passes)
            {
                Bound? passNeeded = pass.Reductions.Aggregate((Bound?)null, (d, r) => Condition.Or(d, reductions[r]));
                if (passNeeded is null) continue;
                foreach (int j in pass.LoopOps) demand.Statement(loop[j], passNeeded);
                foreach (int r in pass.Reductions)
                    if (reductions[r] is { } needed) demand.Walk(plan.Reductions[r].Operand, needed);
            }
            for (int i = prologue.Count - 1; i >= 0; i--) demand.Prologue(prologue[i]);
            settled = true;
            for (int r = 0; r < reductions.Length; r++)
            {
                var needed = demand.Of("r:" + r);
                if (!Equals(needed, reductions[r])) settled = false;
                reductions[r] = needed;
            }
        }
        return plan.Passes.Select(pass => pass with
        {
            Needed = settled
                ? pass.Reductions.Aggregate((Bound?)null, (d, r) => Condition.Or(d, reductions[r]))
                    ?? Bound.Constant(false)
                : Condition.True,
        }).ToEquatableArray();
    }

    // Which per-step conditions the prologue can evaluate at its end on every stage with the same value: those that
    // read no reduction, no let of a later stage, no per-step state (the prologue updates them) and no coefficient;
    // a switch stands for the value that computes it.
    private sealed class KnownBeforePasses
    {
        private readonly Dictionary<string, PrologueOp> _lets = new();
        private readonly Dictionary<int, PrologueOp> _switches = new();

        public KnownBeforePasses(IReadOnlyList<PrologueOp> prologue)
        {
            foreach (var op in prologue)
            {
                if (op.Kind == PrologueKind.Let) _lets[op.Name] = op;
                else if (op.Kind == PrologueKind.Switch) _switches[op.Index] = op;
            }
        }

        /// <summary>A condition known before any pass that holds whenever <paramref name="condition"/> does (its
        /// known conjuncts: <c>optimize_1d &amp;&amp; t &gt; 1</c> of <c>optimize_1d &amp;&amp; t &gt; 1 &amp;&amp;
        /// norm(c) &gt; 1</c>), or null when there is none.</summary>
        public Bound? Necessary(Bound condition)
        {
            if (Value(condition) is { } known) return known;
            if (Definition(condition) is { } definition) return Necessary(definition);
            if (condition.Kind != BoundKind.Operator || condition.Op != ExprKind.And) return null;
            Bound? left = Necessary(condition[0]), right = Necessary(condition[1]);
            return left is null ? right : Condition.And(left, right);
        }

        // The value a switch or a per-step let stands for.
        private Bound? Definition(Bound node) =>
            node.Kind == BoundKind.Switch && _switches.TryGetValue(node.Index, out var op) && op.Condition is null
                ? op.Value
                : node.Kind == BoundKind.PerStepLet && _lets.TryGetValue(node.Name, out var let) ? let.Value
                : null;

        /// <summary>The condition as a per-step value known before any pass, or null when it is not.</summary>
        public Bound? Value(Bound condition)
        {
            if (condition.IsPerElement) return null;
            switch (condition.Kind)
            {
                case BoundKind.Switch:
                    return _switches.TryGetValue(condition.Index, out var op) && op.Stage == 0 && op.Condition is null
                        ? Value(op.Value) : null;
                case BoundKind.PerStepLet:
                    return _lets.TryGetValue(condition.Name, out var let) && let.Stage == 0 ? condition : null;
                case BoundKind.Number or BoundKind.Boolean or BoundKind.Hyperparameter or BoundKind.Flag
                    or BoundKind.StepCount:
                    return condition;
                case BoundKind.Operator:
                    var operands = new Bound[condition.Operands.Count];
                    for (int i = 0; i < operands.Length; i++)
                        if ((operands[i] = Value(condition[i])!) is null) return null;
                    return condition with { Operands = new EquatableArray<Bound>(operands) };
                default:
                    return null;
            }
        }
    }

    // The conditions under which each value is needed, gathered in one round: "l:" lets, "c:" coefficients, "s:"
    // switches, "r:" reductions.
    private sealed class Demand
    {
        private readonly KnownBeforePasses _known;
        private readonly Dictionary<string, Bound> _needed = new();

        public Demand(KnownBeforePasses known) => _known = known;

        public Bound? Of(string key) => _needed.TryGetValue(key, out var needed) ? needed : null;

        /// <summary>A loop statement, run under <paramref name="needed"/> and its switch.</summary>
        public void Statement(LoopOp op, Bound needed)
        {
            if (op.Switch >= 0)
            {
                var guard = Bound.Leaf(BoundKind.Switch, op.Switch, "", true, false);
                Walk(guard, needed);
                needed = Condition.And(needed, _known.Value(guard));
            }
            Walk(op.Value, needed);
        }

        /// <summary>A per-step statement, needed as its target is (taken after every statement that reads
        /// it).</summary>
        public void Prologue(PrologueOp op)
        {
            Bound? needed = op.Kind switch
            {
                PrologueKind.Let => Of("l:" + op.Name),
                PrologueKind.Coefficient => Of("c:" + op.Index),
                PrologueKind.Switch => Of("s:" + op.Index),
                _ => Condition.True,
            };
            if (needed is null) return;
            if (op.Condition is { } condition)
            {
                Walk(condition, needed);
                needed = Condition.And(needed, _known.Value(condition));
            }
            Walk(op.Value, needed);
        }

        /// <summary>Notes what <paramref name="value"/> reads as needed under <paramref name="needed"/>.</summary>
        public void Walk(Bound value, Bound needed)
        {
            switch (value.Kind)
            {
                case BoundKind.PerStepLet: Note("l:" + value.Name, needed); return;
                case BoundKind.Coefficient: Note("c:" + value.Index, needed); return;
                case BoundKind.Switch: Note("s:" + value.Index, needed); return;
                case BoundKind.Reduction: Note("r:" + value.Index, needed); return;
                case BoundKind.Operator: break;
                default: return;
            }
            if (value.Op is ExprKind.Conditional or ExprKind.And or ExprKind.Or)
            {
                // The first branch (the right side of &&) counts only where the condition holds, the second (the
                // right side of ||) only where it fails.
                Walk(value[0], needed);
                Bound? holds = _known.Necessary(value[0]), fails = Condition.Not(_known.Value(value[0]));
                if (value.Op == ExprKind.Conditional)
                {
                    Walk(value[1], Condition.And(needed, holds));
                    Walk(value[2], Condition.And(needed, fails));
                }
                else
                {
                    Walk(value[1], Condition.And(needed, value.Op == ExprKind.And ? holds : fails));
                }
                return;
            }
            foreach (var operand in value.Operands) Walk(operand, needed);
        }

        private void Note(string key, Bound needed) => _needed[key] = Condition.Or(Of(key), needed)!;
    }

    // Per-step bool expressions, simplified where it is free: true absorbs, null (never needed) is the identity of or.
    private static class Condition
    {
        public static readonly Bound True = Bound.Constant(true);

        public static Bound? Or(Bound? a, Bound? b) =>
            a is null ? b : b is null ? a : IsTrue(a) || IsTrue(b) ? True
            : a.Equals(b) || Implies(b, a) ? a : Implies(a, b) ? b
            : Complementary(a, b) is { } common ? common
            : Bound.Operator(ExprKind.Or, "", true, a, b);

        // Whether a is x && ... or ... && x: then a implies x.
        private static bool Implies(Bound a, Bound x) =>
            a.Kind == BoundKind.Operator && a.Op == ExprKind.And && (a[0].Equals(x) || a[1].Equals(x)
                || Implies(a[0], x) || Implies(a[1], x));

        // x for (x && y) || (x && !y), as a flag's two sides give.
        private static Bound? Complementary(Bound a, Bound b) =>
            a.Kind == BoundKind.Operator && a.Op == ExprKind.And && b.Kind == BoundKind.Operator
            && b.Op == ExprKind.And && a[0].Equals(b[0]) && (Not(a[1])!.Equals(b[1]) || Not(b[1])!.Equals(a[1]))
                ? a[0] : null;

        /// <summary><paramref name="a"/> and <paramref name="b"/>; an unknown <paramref name="b"/> (null) holds
        /// possibly, so it leaves <paramref name="a"/>.</summary>
        public static Bound And(Bound a, Bound? b) =>
            b is null || IsTrue(b) || a.Equals(b) ? a : IsTrue(a) ? b : Bound.Operator(ExprKind.And, "", true, a, b);

        public static Bound? Not(Bound? a) =>
            a is null ? null : a.Kind == BoundKind.Operator && a.Op == ExprKind.Not ? a[0]
            : Bound.Operator(ExprKind.Not, "", true, a);

        private static bool IsTrue(Bound b) => b.Kind == BoundKind.Boolean && b.Value != 0;
    }
}
