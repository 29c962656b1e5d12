using System;
using SimdOpt.Generators.Language;

namespace SimdOpt.Generators.Emit;

/// <summary>
/// Emits a per-step expression as C# over double and bool. Hyperparameters and flags are read from
/// <c>{receiver}</c>'s fields; <c>t</c>, per-step states and lets from the prologue's locals.
/// </summary>
internal static class PerStepEmitter
{
    public static string HyperparameterField(string name) => Names.HyperparameterField(name);

    public static string FlagField(string name) => Names.FlagField(name);

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
        BoundKind.PerStepLet => LetLocal(b.Name),
        BoundKind.Operator => Operator(b, receiver),
        _ => throw new InvalidOperationException($"A per-element value ({b.Kind}) reached the per-step emitter."),
    };

    private static string Operator(Bound b, string receiver)
    {
        var operands = new string[b.Operands.Count];
        for (int i = 0; i < operands.Length; i++) operands[i] = Emit(b[i], receiver);
        return Operations.Of(b.Op, b.Function).PerStep(MathTarget.Double, operands);
    }
}
