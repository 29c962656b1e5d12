namespace SimdOpt.Generators.Model;

/// <summary>What a bound expression node is, after names are resolved.</summary>
internal enum BoundKind
{
    /// <summary>A numeric literal.</summary>
    Number,

    /// <summary>A boolean literal.</summary>
    Boolean,

    /// <summary>A hyperparameter (per step).</summary>
    Hyperparameter,

    /// <summary>A flag (per step, known before the loop).</summary>
    Flag,

    /// <summary>The step count <c>t</c>.</summary>
    StepCount,

    /// <summary>A per-step scalar state.</summary>
    StepState,

    /// <summary>A <c>let</c> whose value is per step.</summary>
    PerStepLet,

    /// <summary>A per-step number hoisted out of the loop: coefficient <see cref="Bound.Index"/>.</summary>
    Coefficient,

    /// <summary>A per-step condition hoisted out of the loop: switch <see cref="Bound.Index"/>.</summary>
    Switch,

    /// <summary>The gradient <c>g</c>.</summary>
    Gradient,

    /// <summary>The parameter <c>p</c>.</summary>
    Parameter,

    /// <summary>A read-only per-element input of the step, like <c>g</c>.</summary>
    Input,

    /// <summary>A per-element state buffer.</summary>
    State,

    /// <summary>A <c>let</c> whose value is per element.</summary>
    PerElementLet,

    /// <summary>A reduction over the tensor (<see cref="Bound.Function"/> names it): per step, once computed. Bound
    /// with its per-element operand; the analyzer then registers it as reduction <see cref="Bound.Index"/> and
    /// leaves a leaf.</summary>
    Reduction,

    /// <summary>An operator or a function call (<see cref="Bound.Op"/>, <see cref="Bound.Function"/>).</summary>
    Operator,

    /// <summary>A name whose declaration already has an error: reading it reports nothing more.</summary>
    Invalid,
}

/// <summary>
/// A type-checked expression. <see cref="IsPerElement"/> tells per-element values (computed in the loop, once per
/// element) from per-step ones (computed once per step, in double).
/// </summary>
internal sealed record Bound(BoundKind Kind, ExprKind Op, string Function, double Value, int Index, string Name,
    bool IsBool, bool IsPerElement, EquatableArray<Bound> Operands)
{
    public static Bound Leaf(BoundKind kind, int index, string name, bool isBool, bool isPerElement) =>
        new(kind, ExprKind.Name, "", 0, index, name, isBool, isPerElement, EquatableArray<Bound>.Empty);

    public static Bound Constant(double value) =>
        new(BoundKind.Number, ExprKind.Number, "", value, -1, "", false, false, EquatableArray<Bound>.Empty);

    public static Bound Constant(bool value) =>
        new(BoundKind.Boolean, ExprKind.Boolean, "", value ? 1 : 0, -1, "", true, false, EquatableArray<Bound>.Empty);

    public static Bound Operator(ExprKind op, string function, bool isBool, params Bound[] operands)
    {
        bool perElement = false;
        foreach (var operand in operands) perElement |= operand.IsPerElement;
        return new(BoundKind.Operator, op, function, 0, -1, "", isBool, perElement,
            new EquatableArray<Bound>(operands));
    }

    public Bound this[int index] => Operands[index];

    /// <summary>This node and every node below it, depth first.</summary>
    public System.Collections.Generic.IEnumerable<Bound> Nodes()
    {
        yield return this;
        foreach (var operand in Operands)
            foreach (var node in operand.Nodes())
                yield return node;
    }

    /// <summary>This tree with <paramref name="rewrite"/> applied to each per-element operator node, bottom up (its
    /// operands rewritten first); per-step subtrees and leaves are left as they are. How the analyzer's loop rewrites
    /// (contraction, quotients by one) walk a loop expression.</summary>
    public Bound RewritePerElementOperators(System.Func<Bound, Bound> rewrite)
    {
        if (!IsPerElement || Kind != BoundKind.Operator) return this;
        var operands = new Bound[Operands.Count];
        for (int i = 0; i < operands.Length; i++) operands[i] = Operands[i].RewritePerElementOperators(rewrite);
        return rewrite(this with { Operands = new EquatableArray<Bound>(operands) });
    }

    /// <summary>Whether the tree reads any name (a hyperparameter, flag, state, ...), not numbers and booleans
    /// alone: a tree that does not has one value, known when the spec is compiled.</summary>
    public bool ReadsAName() =>
        Any(node => node.Kind is not (BoundKind.Number or BoundKind.Boolean or BoundKind.Operator));

    /// <summary>Whether any node of the tree satisfies <paramref name="predicate"/>.</summary>
    public bool Any(System.Func<Bound, bool> predicate)
    {
        if (predicate(this)) return true;
        foreach (var operand in Operands)
            if (operand.Any(predicate)) return true;
        return false;
    }
}
