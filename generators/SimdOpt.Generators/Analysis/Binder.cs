using System.Collections.Generic;
using System.Linq;
using SimdOpt.Generators.Language;
using SimdOpt.Generators.Model;

namespace SimdOpt.Generators.Analysis;

/// <summary>
/// Resolves the names of an expression, checks that numbers and conditions are used as such, that functions get
/// their arguments, and marks each node per step or per element.
/// </summary>
internal sealed class Binder
{
    private readonly List<DiagnosticInfo> _diagnostics;

    public Binder(List<DiagnosticInfo> diagnostics) => _diagnostics = diagnostics;

    // Where each bound reduction call is written, keyed by the node itself (not by value: the same call written twice
    // is two places), for diagnostics found after binding (SIMDOPT0040). Kept out of the bound tree, which is part of
    // the model: a spec whose text only moved must give an equal model.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<Bound, LocationInfo> _reductionSites = new();

    /// <summary>Where the reduction call <paramref name="reduction"/> (a node this binder returned) is written, when
    /// known.</summary>
    public LocationInfo? SiteOf(Bound reduction) =>
        _reductionSites.TryGetValue(reduction, out var site) ? site : null;

    /// <summary>Binds <paramref name="expr"/>, expecting a condition when <paramref name="wantBool"/> (either when
    /// null); null after reporting an error.</summary>
    /// <param name="unknownHint">Appended to "'x' is not declared" to say what this place allows.</param>
    public Bound? Bind(Expr expr, Scope scope, bool? wantBool, string unknownHint = "")
    {
        var bound = BindNode(expr, scope, unknownHint);
        if (bound is null) return null;
        if (wantBool is { } expected && bound.IsBool != expected)
            return Mismatch(expr, expected ? "a condition (true or false)" : "a number", bound.IsBool);
        return bound;
    }

    private Bound? BindNode(Expr expr, Scope scope, string hint)
    {
        switch (expr.Kind)
        {
            case ExprKind.Number:
                return Bound.Constant(expr.Value);
            case ExprKind.Boolean:
                return Bound.Constant(expr.Value != 0);
            case ExprKind.Invalid:
                return null;
            case ExprKind.Name:
                if (scope.Find(expr.Name) is { } symbol)
                    return symbol.Kind == BoundKind.Invalid
                        ? null
                        : Bound.Leaf(symbol.Kind, symbol.Index, symbol.Name, symbol.IsBool, symbol.IsPerElement);
                _diagnostics.Add(DiagnosticInfo.Create(Diagnostics.UnknownName, expr.Location, expr.Name, hint));
                return null;
            case ExprKind.Negate:
                return Numeric(expr, scope, hint, isBool: false);
            case ExprKind.Add or ExprKind.Subtract or ExprKind.Multiply or ExprKind.Divide:
                return Numeric(expr, scope, hint, isBool: false);
            case ExprKind.Modulo:
                return Modulo(expr, scope, hint);
            case ExprKind.Less or ExprKind.LessOrEqual or ExprKind.Greater or ExprKind.GreaterOrEqual
                or ExprKind.Equal or ExprKind.NotEqual:
                return Numeric(expr, scope, hint, isBool: true);
            case ExprKind.Not or ExprKind.And or ExprKind.Or:
                return Logical(expr, scope, hint);
            case ExprKind.Conditional:
                return Conditional(expr, scope, hint);
            case ExprKind.Call:
                return Call(expr, scope, hint);
            default:
                return null;
        }
    }

    // Arithmetic and comparisons: every operand a number.
    private Bound? Numeric(Expr expr, Scope scope, string hint, bool isBool)
    {
        var operands = BindAll(expr, scope, hint);
        if (operands is null) return null;
        for (int i = 0; i < operands.Length; i++)
            if (operands[i].IsBool)
                return Mismatch(expr[i], $"a number for '{Operations.Symbol(expr.Kind)}'", true);
        // Like C#'s CS1718, which the emitted comparison would get: almost always a slip (beta1 for beta2).
        if (isBool && operands[0].Kind != BoundKind.Operator && operands[0].Kind != BoundKind.Number
            && operands[0] == operands[1])
        {
            _diagnostics.Add(DiagnosticInfo.Create(Diagnostics.SelfComparison, expr.Location,
                operands[0].Name + " " + Operations.Symbol(expr.Kind) + " " + operands[0].Name, operands[0].Name));
            return null;
        }
        return Bound.Operator(expr.Kind, "", isBool, operands);
    }

    // a % b: per step only (see Operations), and never by a literal zero, which makes every step NaN.
    private Bound? Modulo(Expr expr, Scope scope, string hint)
    {
        var bound = Numeric(expr, scope, hint, isBool: false);
        if (bound is null) return null;
        for (int i = 0; i < bound.Operands.Count; i++)
            if (bound[i].IsPerElement)
            {
                ReportPerElement(expr[i], bound[i], "An operand of '%'");
                return null;
            }
        if (bound[1].Kind == BoundKind.Number && bound[1].Value == 0)
        {
            _diagnostics.Add(DiagnosticInfo.Create(Diagnostics.ModuloByZero, expr[1].Location));
            return null;
        }
        return bound;
    }

    private Bound? Logical(Expr expr, Scope scope, string hint)
    {
        var operands = BindAll(expr, scope, hint);
        if (operands is null) return null;
        for (int i = 0; i < operands.Length; i++)
            if (!operands[i].IsBool)
                return Mismatch(expr[i], $"a condition for '{Operations.Symbol(expr.Kind)}'", false);
        return Bound.Operator(expr.Kind, "", true, operands);
    }

    private Bound? Conditional(Expr expr, Scope scope, string hint)
    {
        var operands = BindAll(expr, scope, hint);
        if (operands is null) return null;
        if (!operands[0].IsBool) return Mismatch(expr[0], "a condition before '?'", false);
        if (operands[1].IsBool != operands[2].IsBool)
        {
            _diagnostics.Add(DiagnosticInfo.Create(Diagnostics.TypeMismatch, expr.Location,
                "The two branches of '?:' must both be numbers or both be conditions"));
            return null;
        }
        return Bound.Operator(ExprKind.Conditional, "", operands[1].IsBool, operands);
    }

    private Bound? Call(Expr expr, Scope scope, string hint)
    {
        if (Reductions.Find(expr.Name) is { } reduction) return Reduction(expr, reduction, scope, hint);
        if (Operations.Function(expr.Name) is not { } function)
        {
            _diagnostics.Add(DiagnosticInfo.Create(Diagnostics.BadCall, expr.Location,
                $"Unknown function '{expr.Name}'; the functions are " +
                $"{string.Join(", ", Operations.Functions.Select(f => f.Symbol))}; the reductions are " +
                $"{string.Join(", ", Reductions.All.Select(f => f.Name))}"));
            return null;
        }
        int arity = function.Arity;
        if (expr.Operands.Count != arity)
        {
            _diagnostics.Add(DiagnosticInfo.Create(Diagnostics.BadCall, expr.Location,
                $"'{expr.Name}' takes {arity} argument{(arity == 1 ? "" : "s")}, " +
                $"but {expr.Operands.Count} {(expr.Operands.Count == 1 ? "is" : "are")} given"));
            return null;
        }
        var operands = BindAll(expr, scope, hint);
        if (operands is null) return null;
        for (int i = 0; i < operands.Length; i++)
            if (operands[i].IsBool)
                return Mismatch(expr[i], $"a number as argument of '{expr.Name}'", true);
        if (function.PerStepOnly)
            for (int i = 0; i < operands.Length; i++)
                if (operands[i].IsPerElement)
                {
                    ReportPerElement(expr[i], operands[i], $"The argument of '{expr.Name}'");
                    return null;
                }
        return Bound.Operator(ExprKind.Call, expr.Name, false, operands);
    }

    // The reduction being bound, so a reduction inside its argument is reported (SIMDOPT0031).
    private string? _enclosingReduction;

    // A reduction: one per-element argument (a condition for count), no reduction inside it; per step itself.
    private Bound? Reduction(Expr expr, ReductionFunction reduction, Scope scope, string hint)
    {
        if (expr.Operands.Count != 1)
        {
            _diagnostics.Add(DiagnosticInfo.Create(Diagnostics.BadCall, expr.Location,
                $"'{expr.Name}' takes 1 argument, but {expr.Operands.Count} " +
                $"{(expr.Operands.Count == 1 ? "is" : "are")} given"));
            return null;
        }
        if (_enclosingReduction is { } outer)
        {
            _diagnostics.Add(DiagnosticInfo.Create(Diagnostics.NestedReduction, expr.Location, expr.Name, outer));
            return null;
        }
        _enclosingReduction = expr.Name;
        var operand = BindNode(expr[0], scope, hint);
        _enclosingReduction = null;
        if (operand is null) return null;
        if (operand.IsBool != reduction.CountsCondition)
            return Mismatch(expr[0], reduction.CountsCondition
                ? $"a condition as argument of '{expr.Name}'"
                : $"a number as argument of '{expr.Name}'", operand.IsBool);
        if (!operand.IsPerElement)
        {
            _diagnostics.Add(DiagnosticInfo.Create(Diagnostics.ReductionOfPerStepValue, expr[0].Location, expr.Name));
            return null;
        }
        var bound = new Bound(BoundKind.Reduction, ExprKind.Call, expr.Name, 0, -1, "", false, false,
            new EquatableArray<Bound>(new[] { operand }));
        if (expr.Location is { } site) _reductionSites.Add(bound, site);
        return bound;
    }

    private Bound[]? BindAll(Expr expr, Scope scope, string hint)
    {
        var operands = new Bound[expr.Operands.Count];
        bool failed = false;
        for (int i = 0; i < operands.Length; i++)
        {
            var operand = BindNode(expr[i], scope, hint);
            if (operand is null) failed = true;
            else operands[i] = operand;
        }
        return failed ? null : operands;
    }

    /// <summary>Reports that <paramref name="what"/> must be per step, naming the first per-element name it
    /// reads.</summary>
    public void ReportPerElement(Expr expr, Bound bound, string what)
    {
        string name = FirstPerElement(bound) ?? "?";
        _diagnostics.Add(DiagnosticInfo.Create(Diagnostics.NotPerStep, expr.Location, what, name));
    }

    private static string? FirstPerElement(Bound bound)
    {
        if (bound.Kind == BoundKind.Reduction) return null;
        if (bound.Kind is BoundKind.Gradient or BoundKind.Parameter or BoundKind.State or BoundKind.Input
            or BoundKind.PerElementLet)
            return bound.Name;
        return bound.Operands.Select(FirstPerElement).FirstOrDefault(n => n is not null);
    }

    private Bound? Mismatch(Expr at, string expected, bool foundBool)
    {
        _diagnostics.Add(DiagnosticInfo.Create(Diagnostics.TypeMismatch, at.Location,
            $"Expected {expected}, but found {(foundBool ? "a condition (flag or comparison)" : "a number")}"));
        return null;
    }
}
