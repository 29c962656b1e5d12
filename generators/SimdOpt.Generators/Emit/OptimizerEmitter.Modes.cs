using SimdOpt.Generators.Language;
using static SimdOpt.Generators.Emit.RuntimeNames;

namespace SimdOpt.Generators.Emit;

// The mode switches ([Mode]): the typed, static EnterMode users call, its checked core, the plan's EnterMode, and one
// nested class per mode that assigns anything, holding that switch's prologue, coefficients and loops, emitted by the
// same emitters as the step's (so every path gives the same bits). The nested classes reuse the step's member names
// (SimdOptPrepare, SimdOptRun, ...) in their own scope.
internal static partial class OptimizerEmitter
{
    private static void EmitModes(CodeWriter w, KernelModel model)
    {
        if (model.Modes.Count == 0) return;
        EmitEnterMode(w, model, "float");
        EmitEnterMode(w, model, "double");
        EmitEnterModeCore(w, model);
        foreach (var mode in model.Modes)
            if (mode.Kernel.Loop.Count > 0) EmitModeClass(w, mode);
    }

    private static string ModeClass(ModeKernel mode) => "SimdOptMode" + Names.Pascal(mode.Mode);

    private static string ModeMember(string mode) => OptimizerMode + "." + Names.Pascal(mode);

    private static void EmitEnterMode(CodeWriter w, KernelModel model, string type)
    {
        w.Line("/// <summary>Switches the parameters <paramref name=\"p\"/> of a tensor whose state exists into mode "
            + "<paramref name=\"mode\"/>, from its state, in one pass over memory (train: the point the gradient is "
            + "taken at; eval: the point to evaluate). Call it only when the mode changes: entering the mode the "
            + "tensor is in moves it again. Allocation-free; checks every argument before writing anything.</summary>");
        w.Line("/// <param name=\"hyperparameters\">The hyperparameters and flags.</param>");
        w.Line("/// <param name=\"mode\">The mode to enter.</param>");
        w.Line("/// <param name=\"p\">The parameters, updated in place.</param>");
        foreach (var s in model.States)
            w.Line("/// <param name=\"" + Plain(s.Parameter) + "\">State buffer <c>" + s.Name
                + "</c>, as long as <paramref name=\"p\"/> and apart from every other span"
                + (s.ConditionText is null ? "" : "; ignored (may be empty) unless <c>" + Literals.Xml(s.ConditionText)
                + "</c>") + ".</param>");
        foreach (var s in model.StepStates)
            w.Line("/// <param name=\"" + Plain(s.Parameter) + "\">Per-step state <c>" + s.Name
                + "</c>, as the last step left it.</param>");
        w.Line("/// <param name=\"path\">The code path; every path gives the same bits.</param>");
        w.Line("/// <exception cref=\"" + ArgumentNullException
            + "\"><paramref name=\"hyperparameters\"/> is null.</exception>");
        w.Line("/// <exception cref=\"" + ArgumentOutOfRangeException
            + "\"><paramref name=\"mode\"/> or <paramref name=\"path\"/> is not defined.</exception>");
        w.Line("/// <exception cref=\"" + ArgumentException
            + "\">A span's length differs from <paramref name=\"p\"/>'s, two spans overlap, or the hyperparameters "
            + "make a value of the switch non-finite.</exception>");
        var parameters = new[] { ClassName(model) + " hyperparameters", OptimizerMode + " mode", Span + "<" + type
                + "> p" }
            .Concat(model.States.Select(s => Span + "<" + type + "> " + s.Parameter))
            .Concat(model.StepStates.Select(s => "double " + s.Parameter))
            .Concat(new[] { KernelPath + " path = " + KernelPath + ".Auto" });
        var arguments = new[] { "hyperparameters", "mode", "p" }
            .Concat(model.States.Select(s => s.Parameter))
            .Concat(model.StepStates.Select(s => s.Parameter))
            .Concat(new[] { "path" });
        w.Line("public static void EnterMode(" + string.Join(", ", parameters) + ") =>");
        w.Line("    SimdOptEnterMode<" + type + ">(" + string.Join(", ", arguments) + ");");
        w.Line();
    }

    private static void EmitEnterModeCore(CodeWriter w, KernelModel model)
    {
        var parameters = new[] { ClassName(model) + " hyperparameters", OptimizerMode + " mode", Span + "<T> p" }
            .Concat(model.States.Select(s => Span + "<T> " + s.Parameter))
            .Concat(model.StepStates.Select(s => "double " + s.Parameter))
            .Concat(new[] { KernelPath + " path" });
        w.Open("private static void SimdOptEnterMode<T>(" + string.Join(", ", parameters) + ") " + FloatingPoint);
        w.Line(ArgumentNullException + ".ThrowIfNull(hyperparameters);");
        foreach (var s in model.States)
            w.Line(UnlessInactive(s, Guard + ".SameLength(" + Literals.String(Plain(s.Parameter)) + ", " + s.Parameter
                + ".Length, p.Length);"));
        EmitStateOverlapChecks(w, model, System.Array.Empty<string>());
        w.Line(Span + "<double> stepState__ = " + (model.StepStates.Count == 0 ? "default" : "stackalloc double["
            + model.StepStates.Count + "]") + ";");
        for (int k = 0; k < model.StepStates.Count; k++)
            w.Line("stepState__[" + k + "] = " + model.StepStates[k].Parameter + ";");
        w.Line("SimdOptRunMode<T>(hyperparameters, mode, p"
            + string.Concat(model.States.Select(s => ", " + s.Parameter)) + ", stepState__, path);");
        w.Close();
        w.Line();

        // The one dispatch on the mode, shared by EnterMode and the plan.
        var runParameters = new[] { ClassName(model) + " h", OptimizerMode + " mode", Span + "<T> p" }
            .Concat(Enumerable.Range(0, model.States.Count).Select(k => Span + "<T> state" + k))
            .Concat(new[] { Span + "<double> stepState", KernelPath + " path" });
        w.Open("private static void SimdOptRunMode<T>(" + string.Join(", ", runParameters) + ") " + FloatingPoint);
        // Checked before anything is written, also for a mode whose switch assigns nothing.
        w.Line("path = " + KernelPaths + ".Resolve(path);");
        w.Open("switch (mode)");
        foreach (var mode in model.Modes)
        {
            string run = mode.Kernel.Loop.Count == 0
                ? ""
                : ModeClass(mode) + ".Enter<T>(h, p" + StateArguments(model) + ", stepState, path); ";
            w.Line("case " + ModeMember(mode.Mode) + ": " + run + "return;");
        }
        w.Line("default: throw new " + ArgumentOutOfRangeException
            + "(nameof(mode), mode, \"Unknown optimizer mode.\");");
        w.Close();
        w.Close();
        w.Line();
    }

    // The plan's switch: a tensor's p and state buffers as the runtime holds them, and the group's per-step state.
    private static void EmitPlanEnterMode(CodeWriter w, KernelModel model)
    {
        if (model.Modes.Count == 0) return;
        w.Line();
        w.Line(NoInlining);
        w.Open("public override void EnterMode(" + OptimizerMode + " mode, " + Span + "<T> p, " + StateSpans
            + "<T> state, " + ReadOnlySpan + "<double> stepState, " + KernelPath + " path = " + KernelPath + ".Auto)");
        w.Line("if (state.Count != " + model.States.Count + ") throw new " + ArgumentException + "("
            + Literals.String("'" + model.OptimizerName + "' has " + model.States.Count
            + " state buffers, but the state holds ") + " + state.Count + \".\", nameof(state));");
        w.Line(Guard + ".SameLength(\"state\", state.Length, p.Length);");
        w.Line(Guard + ".StepStateLength(stepState.Length, " + model.StepStates.Count + ");");
        for (int k = 0; k < model.States.Count; k++)
        {
            w.Line(Span + "<T> state" + k + "__ = state[" + k + "];");
            w.Line(Guard + ".Apart<T>(\"state\", state" + k + "__, \"p\", p);");
        }
        w.Line(Span + "<double> stepState__ = " + (model.StepStates.Count == 0 ? "default" : "stackalloc double["
            + model.StepStates.Count + "]") + ";");
        w.Line("stepState.CopyTo(stepState__);");
        w.Line("SimdOptRunMode<T>(_owner, mode, p" + string.Concat(Enumerable.Range(0, model.States.Count)
            .Select(k => ", state" + k + "__")) + ", stepState__, path);");
        w.Close();
    }

    private static string StateArguments(KernelModel model) =>
        string.Concat(Enumerable.Range(0, model.States.Count).Select(k => ", state" + k));

    private static void EmitModeClass(CodeWriter w, ModeKernel mode)
    {
        var model = mode.Kernel;
        w.Line("// Entering mode '" + mode.Mode + "': its per-step values, computed once per switch in double, and its "
            + "loops.");
        w.Open("private static class " + ModeClass(mode));
        w.Line(AggressiveInlining);
        // The switch has no step count: 0 names none in the error for a non-finite value. p stands in for the
        // gradient, which the switch's loop never loads.
        w.Open("internal static void Enter<T>(" + ClassName(model) + " h, " + Span + "<T> p" + string.Concat(
            Enumerable.Range(0, model.States.Count).Select(k => ", " + Span + "<T> state" + k)) + ", " + Span
            + "<double> stepState, " + KernelPath + " path) " + FloatingPoint);
        w.Line("SimdOptRun<T>(SimdOptPrepare<T>(h, 0, stepState), p, p" + StateArguments(model) + ", path);");
        w.Close();
        w.Line();
        EmitPrepare(w, mode.Kernel);
        EmitCoefficients(w, mode.Kernel);
        KernelEmitter.Emit(w, mode.Kernel);
        w.Close();
        w.Line();
    }
}
