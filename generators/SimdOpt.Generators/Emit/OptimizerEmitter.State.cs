using static SimdOpt.Generators.Emit.RuntimeNames;

namespace SimdOpt.Generators.Emit;

// What the runtime asks about the state: which buffers exist, their initial values, the initial per-step state, and
// the plan that steps it.
internal static partial class OptimizerEmitter
{
    private static string OutOfRange(string what) =>
        "_ => throw new " + ArgumentOutOfRangeException + "(nameof(index), index, " + Literals.String("There is no "
            + what + " with that index.") + "),";

    private static void EmitStateMembers(CodeWriter w, KernelModel model)
    {
        w.Line("/// <inheritdoc/>");
        w.Open("public override bool IsStateActive(int index) => index switch");
        for (int k = 0; k < model.States.Count; k++)
            w.Line(k + " => " + (model.States[k].Condition is { } condition ? PerStepEmitter.Emit(condition,
                "this.") : "true") + ",");
        w.Line(OutOfRange("state buffer"));
        w.Close(";");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Open("public override double InitialStateValue(int index) => index switch");
        for (int k = 0; k < model.States.Count; k++)
            w.Line(k + " => " + PerStepEmitter.Emit(model.States[k].Init, "this.") + ",");
        w.Line(OutOfRange("state buffer"));
        w.Close(";");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Open("public override void InitializeStepState(" + Span + "<double> stepState)");
        w.Line(Guard + ".StepStateLength(stepState.Length, " + model.StepStates.Count + ");");
        for (int k = 0; k < model.StepStates.Count; k++)
            w.Line("stepState[" + k + "] = " + PerStepEmitter.Emit(model.StepStates[k].Init, "this.") + ";");
        w.Close();
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Open("public override " + StepPlan + "<T> CreatePlan<T>()");
        w.Line("if (typeof(T) != typeof(float) && typeof(T) != typeof(double))");
        w.Line("    throw new " + NotSupportedException
            + "(\"SimdOpt kernels run on float or double, not \" + typeof(T).Name + \".\");");
        w.Line("return new SimdOptPlan<T>(this);");
        w.Close();
        w.Line();
    }
}
