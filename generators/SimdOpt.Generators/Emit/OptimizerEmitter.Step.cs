using static SimdOpt.Generators.Emit.RuntimeNames;

namespace SimdOpt.Generators.Emit;

// The typed, static Step overloads users call, and the one generic core behind them that checks every argument before
// anything is written.
internal static partial class OptimizerEmitter
{
    private static void EmitStep(CodeWriter w, KernelModel model, string type)
    {
        w.Line("/// <summary>One '" + Literals.Xml(model.OptimizerName)
            + "' step over <paramref name=\"p\"/>, " + PassesText(model) + ", on the widest accelerated path "
            + "unless <paramref name=\"path\"/> says otherwise. Allocation-free; checks every argument before writing "
            + "anything.</summary>");
        w.Line("/// <param name=\"hyperparameters\">The hyperparameters and flags.</param>");
        w.Line("/// <param name=\"t\">The step count, 1 for the first step.</param>");
        w.Line("/// <param name=\"p\">The parameters, updated in place.</param>");
        w.Line("/// <param name=\"g\">The gradients, as long as <paramref name=\"p\"/>; either apart from every span "
            + "the step writes, or <paramref name=\"p\"/> itself.</param>");
        foreach (var x in model.Inputs)
            w.Line("/// <param name=\"" + Plain(x.Parameter) + "\">Input <c>" + x.Name + "</c>, read only: as long as "
                + "<paramref name=\"p\"/>" + (x.ConditionText is null ? "" : " on steps when <c>"
                + Literals.Xml(x.ConditionText) + "</c>, and otherwise may be empty")
                + "; either apart from every span the step writes, or <paramref name=\"p\"/> itself.</param>");
        foreach (var s in model.States)
            w.Line("/// <param name=\"" + Plain(s.Parameter) + "\">State buffer <c>" + s.Name
                + "</c>, as long as <paramref name=\"p\"/> and apart from every other span"
                + (s.ConditionText is null ? "" : "; ignored (may be empty) unless <c>" + Literals.Xml(s.ConditionText)
                + "</c>") + "; initially " + Literals.Xml(s.InitText) + ".</param>");
        foreach (var s in model.StepStates)
            w.Line("/// <param name=\"" + Plain(s.Parameter) + "\">Per-step state <c>" + s.Name
                + "</c>, updated in place; initially " + Literals.Xml(s.InitText) + ".</param>");
        w.Line("/// <param name=\"path\">The code path; every path gives the same bits.</param>");
        w.Line("/// <exception cref=\"" + ArgumentNullException
            + "\"><paramref name=\"hyperparameters\"/> is null.</exception>");
        w.Line("/// <exception cref=\"" + ArgumentOutOfRangeException
            + "\"><paramref name=\"t\"/> is below 1, or <paramref name=\"path\"/> is not a defined path.</exception>");
        w.Line("/// <exception cref=\"" + ArgumentException
            + "\">A span's length differs from <paramref name=\"p\"/>'s, two spans overlap, a rule between "
            + "hyperparameters fails, or the hyperparameters make a per-step value non-finite.</exception>");
        var parameters = new[]
            {
                ClassName(model) + " hyperparameters", "long t", Span + "<" + type + "> p",
                ReadOnlySpan + "<" + type + "> g",
            }
            .Concat(model.Inputs.Select(x => ReadOnlySpan + "<" + type + "> " + x.Parameter))
            .Concat(model.States.Select(s => Span + "<" + type + "> " + s.Parameter))
            .Concat(model.StepStates.Select(s => "ref double " + s.Parameter))
            .Concat(new[] { KernelPath + " path = " + KernelPath + ".Auto" });
        var arguments = new[] { "hyperparameters", "t", "p", "g" }
            .Concat(model.Inputs.Select(x => x.Parameter))
            .Concat(model.States.Select(s => s.Parameter))
            .Concat(model.StepStates.Select(s => "ref " + s.Parameter))
            .Concat(new[] { "path" });
        w.Line("public static void Step(" + string.Join(", ", parameters) + ") =>");
        w.Line("    SimdOptStep<" + type + ">(" + string.Join(", ", arguments) + ");");
        w.Line();
    }

    private static void EmitStepCore(CodeWriter w, KernelModel model)
    {
        var parameters = new[]
            { ClassName(model) + " hyperparameters", "long t", Span + "<T> p", ReadOnlySpan + "<T> g" }
            .Concat(model.Inputs.Select(x => ReadOnlySpan + "<T> " + x.Parameter))
            .Concat(model.States.Select(s => Span + "<T> " + s.Parameter))
            .Concat(model.StepStates.Select(s => "ref double " + s.Parameter))
            .Concat(new[] { KernelPath + " path" });
        w.Open("private static void SimdOptStep<T>(" + string.Join(", ", parameters) + ") " + FloatingPoint);
        w.Line(ArgumentNullException + ".ThrowIfNull(hyperparameters);");
        w.Line(Guard + ".StepCount(t);");
        w.Line(Guard + ".SameLength(\"g\", g.Length, p.Length);");
        foreach (var x in model.Inputs.Where(x => x.ReadSwitch < 0))
            w.Line(Guard + ".SameLength(" + Literals.String(Plain(x.Parameter)) + ", " + x.Parameter
                + ".Length, p.Length);");
        foreach (var s in model.States)
            w.Line(UnlessInactive(s, Guard + ".SameLength(" + Literals.String(Plain(s.Parameter)) + ", " + s.Parameter
                + ".Length, p.Length);"));
        EmitOverlapChecks(w, model);
        // Per-step states are copied in and written back last, so a failed rule leaves them untouched.
        // Local names hold "__", which no name made from a spec name can, so they never clash with a parameter.
        // No stackalloc without step states: a method with one is never inlined into the public Step.
        w.Line(Span + "<double> stepState__ = " + (model.StepStates.Count == 0 ? "default" : "stackalloc double["
            + model.StepStates.Count + "]") + ";");
        for (int k = 0; k < model.StepStates.Count; k++)
            w.Line("stepState__[" + k + "] = " + model.StepStates[k].Parameter + ";");
        if (model.Reductions is { } plan)
        {
            // Every reduction pass and every stage of the prologue (so every refusal) before the final pass writes.
            w.Line(Span + "<double> totals__ = stackalloc double[" + plan.Reductions.Count + "];");
            w.Line("var coefficients__ = SimdOptReduce<T>(hyperparameters, t, stepState__, totals__, p, g"
                + ReductionEmitter.InputAndStateArguments(model, k => model.Inputs[k].Parameter,
                    k => model.States[k].Parameter) + ", path, true, T.One);");
        }
        else
        {
            w.Line("var coefficients__ = SimdOptPrepare<T>(hyperparameters, t, stepState__);");
        }
        // An input read only on some steps is checked once the step is known to read it.
        foreach (var x in model.Inputs.Where(x => x.ReadSwitch >= 0))
            w.Line(Guard + ".InputLength(" + Literals.String(Plain(x.Parameter)) + ", " + x.Parameter
                + ".Length, p.Length, coefficients__.S" + x.ReadSwitch + ");");
        w.Line("SimdOptRun<T>(coefficients__, p, g" + string.Concat(model.Inputs.Select(x => ", " + x.Parameter))
            + string.Concat(model.States.Select(s => ", " + s.Parameter)) + ", path);");
        for (int k = 0; k < model.StepStates.Count; k++)
            w.Line(model.StepStates[k].Parameter + " = stepState__[" + k + "];");
        w.Close();
        w.Line();
    }

    // "fused into one pass over memory", or the passes and the bytes per element a step with reductions moves.
    private static string PassesText(KernelModel model)
    {
        if (model.Reductions is null) return "fused into one pass over memory";
        var (passes, arrays) = ReductionEmitter.Traffic(model);
        return "in " + passes + " passes over memory (" + (passes - 1) + " read-only, for the reductions, then one "
            + "that writes), moving " + (4 * arrays) + " bytes per float element and " + (8 * arrays)
            + " per double element (every state present)";
    }

    // A check of a state buffer that only exists under a condition runs only under it: otherwise the span is ignored.
    private static string UnlessInactive(StateModel s, string check) => Under(new[] { s }, check);

    private static string Under(IEnumerable<StateModel> states, string check)
    {
        var conditions = states.Where(s => s.Condition is not null)
            .Select(s => PerStepEmitter.Emit(s.Condition!, "hyperparameters.")).Distinct().ToArray();
        return conditions.Length == 0 ? check : "if (" + string.Join(" && ", conditions) + ") " + check;
    }

    // TensorPrimitives' rule: a span the step writes (p, each state buffer) shares no element with any other span,
    // and g, which is only read, may be p itself (every element reads both before it writes p) but overlap nothing
    // else the step writes. A buffer that does not exist under the flags is never written, so it is not checked.
    private static void EmitOverlapChecks(CodeWriter w, KernelModel model)
    {
        w.Line(Guard + ".Apart<T>(\"g\", g, \"p\", p, samePermitted: true);");
        foreach (var x in model.Inputs)
            w.Line(Guard + ".Apart<T>(" + Literals.String(Plain(x.Parameter)) + ", " + x.Parameter
                + ", \"p\", p, samePermitted: true);");
        EmitStateOverlapChecks(w, model, new[] { "g" }.Concat(model.Inputs.Select(x => x.Parameter)).ToArray());
    }

    // Each state buffer that exists under the flags shares no element with p, an earlier state buffer, or any of
    // readOnly (the step's g and inputs; none for a mode switch, which reads no gradient).
    private static void EmitStateOverlapChecks(CodeWriter w, KernelModel model, IReadOnlyList<string> readOnly)
    {
        for (int k = 0; k < model.States.Count; k++)
        {
            var s = model.States[k];
            string apart(string other) => Guard + ".Apart<T>(" + Literals.String(Plain(s.Parameter)) + ", "
                + s.Parameter + ", " + Literals.String(Plain(other)) + ", " + other + ");";
            w.Line(UnlessInactive(s, apart("p")));
            for (int j = 0; j < k; j++) w.Line(Under(new[] { model.States[j], s }, apart(model.States[j].Parameter)));
            foreach (string other in readOnly) w.Line(UnlessInactive(s, apart(other)));
        }
    }
}
