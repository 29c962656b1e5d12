using System.Collections.Generic;
using System.Linq;
using SimdOpt.Generators.Model;

namespace SimdOpt.Generators.Language;

/// <summary>
/// Where one kind of generated code finds its arithmetic: the static methods of <see cref="Type"/> on its values.
/// Per-step code computes in double (<c>System.Math</c>), the scalar loop on <c>T</c>, a vector loop on one vector API.
/// </summary>
internal sealed class MathTarget
{
    private readonly string _squareRoot;

    public MathTarget(string type, string zero, string squareRoot = "Sqrt")
    {
        Type = type;
        Zero = zero;
        _squareRoot = squareRoot;
    }

    /// <summary>The per-step code's target: double, through <c>System.Math</c>.</summary>
    public static readonly MathTarget Double = new(Emit.RuntimeNames.SystemMath, "0.0");

    /// <summary>The scalar loop's target: the element type's own static members.</summary>
    public static readonly MathTarget Scalar = new("T", "T.Zero");

    /// <summary>The type whose static methods compute: <c>global::System.Math</c>, <c>T</c>,
    /// <c>global::System.Runtime.Intrinsics.Vector512</c>, ...</summary>
    public string Type { get; }

    /// <summary>Zero as a value of this code.</summary>
    public string Zero { get; }

    /// <summary>A call of <paramref name="method"/>; <c>Sqrt</c> is spelled as this target names it
    /// (<c>Vector.SquareRoot</c>).</summary>
    public string Call(string method, params string[] arguments) =>
        Type + "." + (method == "Sqrt" ? _squareRoot : method) + "(" + string.Join(", ", arguments) + ")";
}

/// <summary>How an operation is written in one kind of generated code, given its operands already written.</summary>
internal delegate string Spelling(MathTarget math, string[] operands);

/// <summary>
/// One operator or function of the expression language: how a spec writes it, how many operands it takes, whether it
/// may only be computed once per step (in double, before the loop), and how the per-step code, the scalar loop and the
/// vector loops write it. Every spelling computes the same IEEE operation, which keeps the paths bit-identical.
/// </summary>
internal sealed class Operation
{
    private Operation(string symbol, int arity, bool perStepOnly, Spelling perStep, Spelling scalar, Spelling vector)
    {
        Symbol = symbol;
        Arity = arity;
        PerStepOnly = perStepOnly;
        PerStep = perStep;
        Scalar = scalar;
        Vector = vector;
    }

    /// <summary>The operator (<c>+</c>, <c>?:</c>) or the function's name (<c>sqrt</c>) as a spec writes it.</summary>
    public string Symbol { get; }

    public int Arity { get; }

    /// <summary>Computed only once per step, in double: the loop computes no transcendental function.</summary>
    public bool PerStepOnly { get; }

    /// <summary>In the per-step code, on double and bool.</summary>
    public Spelling PerStep { get; }

    /// <summary>In the scalar loop, on <c>T</c> and bool.</summary>
    public Spelling Scalar { get; }

    /// <summary>In a vector loop, on vectors of <c>T</c> and their masks.</summary>
    public Spelling Vector { get; }

    /// <summary>A function: written the same way, through its target's type, in every kind of code.</summary>
    public static Operation Function(string name, int arity, Spelling spelling, bool perStepOnly = false) =>
        new(name, arity, perStepOnly, spelling, spelling, spelling);

    /// <summary>A function that is one static method of every target (<c>Math.Abs</c>, <c>T.Abs</c>,
    /// <c>Vector512.Abs</c>).</summary>
    public static Operation Method(string name, string method, int arity, bool perStepOnly = false) =>
        Function(name, arity, (m, a) => m.Call(method, a), perStepOnly);

    public static Operation Operator(string symbol, int arity, Spelling perStep, Spelling scalar, Spelling vector) =>
        new(symbol, arity, false, perStep, scalar, vector);

    /// <summary><c>(a op b)</c> in per-step code only: the binder refuses it per element, so no loop spells
    /// it.</summary>
    public static Operation PerStepInfix(string symbol) =>
        new(symbol, 2, true, InfixSpelling(symbol), NotInLoop(symbol), NotInLoop(symbol));

    private static Spelling NotInLoop(string symbol) => (_, _) =>
        throw new System.InvalidOperationException($"'{symbol}' is per step only and never reaches the loop.");

    /// <summary><c>(a op b)</c> in per-step and scalar code; <paramref name="vector"/> in vector code.</summary>
    public static Operation Infix(string symbol, Spelling vector) =>
        Operator(symbol, 2, InfixSpelling(symbol), InfixSpelling(symbol), vector);

    /// <summary>The same <c>(a op b)</c> in every kind of code: the arithmetic operators, which vectors
    /// overload.</summary>
    public static Operation Arithmetic(string symbol) => Infix(symbol, InfixSpelling(symbol));

    public static Spelling InfixSpelling(string symbol) => (_, a) => "(" + a[0] + " " + symbol + " " + a[1] + ")";
}

/// <summary>
/// The operators and functions of the expression language, once: the binder reads names, arities and which are per
/// step only; the emitters read how each is written. Adding a function is one line of <see cref="Functions"/>.
/// </summary>
internal static class Operations
{
    private const string KernelMath = Emit.RuntimeNames.KernelMath;

    /// <summary>The name of the fused multiply-add function, <c>fma(a, b, c)</c>.</summary>
    public const string FusedMultiplyAdd = "fma";

    /// <summary>Every function, in the order an error message lists them.</summary>
    public static readonly Operation[] Functions =
    {
        Operation.Method("sqrt", "Sqrt", 1),
        Operation.Method("abs", "Abs", 1),
        // One helper for double, T and every vector type, so the sign of zero and NaN are the same on every path.
        Operation.Function("sign", 1, (_, a) => KernelMath + ".Sign(" + a[0] + ")"),
        Operation.Method("min", "Min", 2),
        Operation.Method("max", "Max", 2),
        Operation.Function("clamp", 3, (m, a) => m.Call("Min", m.Call("Max", a[0], a[1]), a[2])),
        // a * b + c rounded once: one helper for double, T and every vector type (the vector APIs have it for float
        // and double only, not for a generic T). What the analyzer contracts a loop's products and sums into.
        Operation.Function(FusedMultiplyAdd, 3, (_, a) => KernelMath + ".FusedMultiplyAdd(" + string.Join(", ", a)
            + ")"),
        // Math.Pow's bits, without its slow path where the result is certainly 0 (a late step's bias correction).
        Operation.Function("pow", 2, (_, a) => KernelMath + ".Pow(" + a[0] + ", " + a[1] + ")", perStepOnly: true),
        Operation.Method("exp", "Exp", 1, perStepOnly: true),
        Operation.Method("log", "Log", 1, perStepOnly: true),
    };

    private static readonly Dictionary<string, Operation> ByName = Functions.ToDictionary(f => f.Symbol);

    private static readonly Dictionary<ExprKind, Operation> Operators = new()
    {
        // Negation is 0 - x in the loop, on every path, so a zero's sign comes out the same everywhere.
        [ExprKind.Negate] = Operation.Operator("-", 1, (_, a) => "(-" + a[0] + ")",
            (m, a) => "(" + m.Zero + " - " + a[0] + ")", (m, a) => "(" + m.Zero + " - " + a[0] + ")"),
        [ExprKind.Not] = Operation.Operator("!", 1, (_, a) => "(!" + a[0] + ")", (_, a) => "(!" + a[0] + ")",
            (_, a) => "(~" + a[0] + ")"),
        [ExprKind.Add] = Operation.Arithmetic("+"),
        [ExprKind.Subtract] = Operation.Arithmetic("-"),
        [ExprKind.Multiply] = Operation.Arithmetic("*"),
        [ExprKind.Divide] = Operation.Arithmetic("/"),
        // C#'s % on double: truncated division, exact (IEEE fmod), the sign of the dividend; per step only, because
        // no vector API computes it, so a per-element % could not be the same operation on every path.
        [ExprKind.Modulo] = Operation.PerStepInfix("%"),
        // Vector comparisons give masks: all bits set where the comparison holds.
        [ExprKind.Less] = Operation.Infix("<", (m, a) => m.Call("LessThan", a)),
        [ExprKind.LessOrEqual] = Operation.Infix("<=", (m, a) => m.Call("LessThanOrEqual", a)),
        [ExprKind.Greater] = Operation.Infix(">", (m, a) => m.Call("GreaterThan", a)),
        [ExprKind.GreaterOrEqual] = Operation.Infix(">=", (m, a) => m.Call("GreaterThanOrEqual", a)),
        [ExprKind.Equal] = Operation.Infix("==", (m, a) => m.Call("Equals", a)),
        [ExprKind.NotEqual] = Operation.Infix("!=", (m, a) => "(~" + m.Call("Equals", a) + ")"),
        [ExprKind.And] = Operation.Infix("&&", Operation.InfixSpelling("&")),
        [ExprKind.Or] = Operation.Infix("||", Operation.InfixSpelling("|")),
        [ExprKind.Conditional] = Operation.Operator("?:", 3, Ternary, Ternary,
            (m, a) => m.Call("ConditionalSelect", a)),
    };

    private static string Ternary(MathTarget _, string[] a) => "(" + a[0] + " ? " + a[1] + " : " + a[2] + ")";

    /// <summary>The function named <paramref name="name"/>, or null when the language has none.</summary>
    public static Operation? Function(string name) => ByName.TryGetValue(name, out var function) ? function : null;

    /// <summary>The operation of an operator node, or of a call of <paramref name="function"/>.</summary>
    public static Operation Of(ExprKind kind, string function = "") =>
        kind == ExprKind.Call ? ByName[function] : Operators[kind];

    /// <summary>How an operator is written in the language (<paramref name="function"/> for a call).</summary>
    public static string Symbol(ExprKind kind, string function = "") =>
        kind == ExprKind.Call ? function + "(...)"
        : Operators.TryGetValue(kind, out var op) ? op.Symbol
        : kind.ToString();
}
