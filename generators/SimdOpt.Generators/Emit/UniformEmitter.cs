using System;
using SimdOpt.Generators.Model;

namespace SimdOpt.Generators.Emit;

/// <summary>
/// Emits a per-step expression as C# over double and bool. Hyperparameters and flags are read from
/// <c>{receiver}</c>'s fields; <c>t</c>, per-step states and lets from the prologue's locals.
/// </summary>
internal static class UniformEmitter
{
    public static string HyperparameterField(string name) => "_h_" + name;

    public static string FlagField(string name) => "_f_" + name;

    public static string StepStateLocal(string name) => "q_" + name;

    public static string LetLocal(string name) => "l_" + name;

    public const string StepCountLocal = "t_";

    public static string Emit(Bound b, string receiver) => b.Kind switch
    {
        BoundKind.Number => Literals.Double(b.Value),
        BoundKind.Boolean => Literals.Bool(b.Value != 0),
        BoundKind.Hyperparameter => receiver + HyperparameterField(b.Name),
        BoundKind.Flag => receiver + FlagField(b.Name),
        BoundKind.StepCount => StepCountLocal,
        BoundKind.StepState => StepStateLocal(b.Name),
        BoundKind.UniformLet => LetLocal(b.Name),
        BoundKind.Operator => Operator(b, receiver),
        _ => throw new InvalidOperationException($"A per-element value ({b.Kind}) reached the per-step emitter."),
    };

    private static string Operator(Bound b, string r)
    {
        string A(int i) => Emit(b[i], r);
        return b.Op switch
        {
            ExprKind.Negate => "(-" + A(0) + ")",
            ExprKind.Not => "(!" + A(0) + ")",
            ExprKind.Add => "(" + A(0) + " + " + A(1) + ")",
            ExprKind.Subtract => "(" + A(0) + " - " + A(1) + ")",
            ExprKind.Multiply => "(" + A(0) + " * " + A(1) + ")",
            ExprKind.Divide => "(" + A(0) + " / " + A(1) + ")",
            ExprKind.Less => "(" + A(0) + " < " + A(1) + ")",
            ExprKind.LessOrEqual => "(" + A(0) + " <= " + A(1) + ")",
            ExprKind.Greater => "(" + A(0) + " > " + A(1) + ")",
            ExprKind.GreaterOrEqual => "(" + A(0) + " >= " + A(1) + ")",
            ExprKind.Equal => "(" + A(0) + " == " + A(1) + ")",
            ExprKind.NotEqual => "(" + A(0) + " != " + A(1) + ")",
            ExprKind.And => "(" + A(0) + " && " + A(1) + ")",
            ExprKind.Or => "(" + A(0) + " || " + A(1) + ")",
            ExprKind.Conditional => "(" + A(0) + " ? " + A(1) + " : " + A(2) + ")",
            ExprKind.Call => Call(b, r),
            _ => throw new InvalidOperationException($"Unexpected operator {b.Op}."),
        };
    }

    private static string Call(Bound b, string r)
    {
        string A(int i) => Emit(b[i], r);
        const string math = "global::System.Math.";
        return b.Function switch
        {
            "sqrt" => math + "Sqrt(" + A(0) + ")",
            "abs" => math + "Abs(" + A(0) + ")",
            "sign" => "global::SimdOpt.Kernels.Internal.KernelMath.Sign(" + A(0) + ")",
            "min" => math + "Min(" + A(0) + ", " + A(1) + ")",
            "max" => math + "Max(" + A(0) + ", " + A(1) + ")",
            "clamp" => math + "Min(" + math + "Max(" + A(0) + ", " + A(1) + "), " + A(2) + ")",
            "pow" => math + "Pow(" + A(0) + ", " + A(1) + ")",
            "exp" => math + "Exp(" + A(0) + ")",
            "log" => math + "Log(" + A(0) + ")",
            _ => throw new InvalidOperationException($"Unknown function {b.Function}."),
        };
    }
}
