using static SimdOpt.Generators.Emit.RuntimeNames;

namespace SimdOpt.Generators.Emit;

// The per-step prologue, shared by the static Step and the plan: rules, lets, per-step state, and the coefficients the
// loop reads, in statement order and in double; each coefficient is rounded to T once and must come out finite.
internal static partial class OptimizerEmitter
{
    private static void EmitPrepare(CodeWriter w, KernelModel model)
    {
        // Inlined into Step and Prepare: the coefficients then stay in registers instead of a struct written and read
        // back.
        w.Line(AggressiveInlining);
        // Returned, not written through an out parameter: the returned struct is promoted to registers and stored
        // field by field where the loop reads it, instead of being assembled on the stack from 4-byte stores and block
        // copied with 16-byte loads, which cannot forward from narrower stores and stall the call.
        var plan = model.Reductions;
        w.Open("private static SimdOptCoefficients<T> SimdOptPrepare<T>(" + ClassName(model) + " h, long t, " + Span
            + "<double> stepState" + (plan is null ? "" : ReductionEmitter.StageParameters) + ") " + FloatingPoint);
        w.Line("SimdOptCoefficients<T> c = default;");
        w.Line("double " + PerStepEmitter.StepCountLocal + " = t;");
        for (int k = 0; k < model.StepStates.Count; k++)
            w.Line("double " + PerStepEmitter.StepStateLocal(model.StepStates[k].Name) + " = stepState[" + k + "];");
        if (plan is not null) ReductionEmitter.EmitFinishedReductions(w, plan);
        // A coefficient the loop uses only under some switches is checked once every switch is known, and only when
        // they enable a use.
        var guarded = new List<(PrologueOp Op, string Condition)>();
        var computedSwitches = new HashSet<int>();
        foreach (var op in model.Prologue)
        {
            string value = PerStepEmitter.Emit(op.Value, "h.");
            // A step with reductions prepares in stages, one after each pass: what needs a later pass waits.
            if (op.Stage > 0 && op.Kind != PrologueKind.Let) w.Open("if (" + ReductionEmitter.Stage + " >= " + op.Stage
                + ")");
            switch (op.Kind)
            {
                case PrologueKind.Require:
                    w.Line("if (!" + value + ") throw new " + ArgumentException + "(" + Literals.String(op.Message)
                        + ", \"hyperparameters\");");
                    break;
                case PrologueKind.Let:
                    if (op.Stage > 0)
                        value = "(" + ReductionEmitter.Stage + " >= " + op.Stage + " ? " + value + " : "
                            + (op.Value.IsBool ? "false" : "0D") + ")";
                    w.Line((op.Value.IsBool ? "bool " : "double ") + PerStepEmitter.LetLocal(op.Name) + " = " + value
                        + ";");
                    break;
                case PrologueKind.AssignStepState:
                    string assign = PerStepEmitter.StepStateLocal(op.Name) + " = " + value + ";";
                    w.Line(op.Condition is null ? assign : "if (" + PerStepEmitter.Emit(op.Condition, "h.") + ") "
                        + assign);
                    break;
                case PrologueKind.Coefficient:
                    w.Line("c.C" + op.Index + " = T.CreateTruncating(" + value + ");");
                    // A value computed from a reduction is the data's: a non-finite one is the data's NaN, not a
                    // refusal (the NaN rule); only a [Require] refuses it.
                    string? enabled = CoefficientGuards.Condition(model, op.Index, out var switches);
                    if (op.Stage != 0) break;
                    // In place, as the unguarded ones, unless a guarding switch comes later in the prologue.
                    if (enabled is null) EmitFiniteCheck(w, model, op, "");
                    else if (enabled.Length > 0 && switches.IsSubsetOf(computedSwitches))
                        EmitFiniteCheck(w, model, op, enabled + " && ");
                    else if (enabled.Length > 0) guarded.Add((op, enabled + " && "));
                    break;
                case PrologueKind.Switch:
                    w.Line("c.S" + op.Index + " = " + value + ";");
                    computedSwitches.Add(op.Index);
                    break;
            }
            if (op.Stage > 0 && op.Kind != PrologueKind.Let) w.Close();
        }
        foreach (var (op, condition) in guarded) EmitFiniteCheck(w, model, op, condition);
        if (plan is not null) ReductionEmitter.EmitPassesNeeded(w, plan);
        // Written back last: a refused step leaves the per-step state as it was. With reductions, only the call that
        // asks: the other stages recompute the same per-step state from the same start.
        if (plan is not null && model.StepStates.Count > 0) w.Open("if (" + ReductionEmitter.WriteBack + ")");
        for (int k = 0; k < model.StepStates.Count; k++)
            w.Line("stepState[" + k + "] = " + PerStepEmitter.StepStateLocal(model.StepStates[k].Name) + ";");
        if (plan is not null && model.StepStates.Count > 0) w.Close();
        w.Line("return c;");
        w.Close();
        w.Line();
    }

    private static void EmitFiniteCheck(CodeWriter w, KernelModel model, PrologueOp op, string condition) =>
        w.Line("if (" + condition + "!T.IsFinite(c.C" + op.Index + ")) throw " + Guard + ".NonFiniteStep("
            + Literals.String(string.Join(", ", HyperparametersOf(model, op.Value)))
            + ", t, double.CreateTruncating(c.C" + op.Index + "));");

    /// <summary>
    /// The hyperparameters a per-step value depends on, through lets and per-step states, in declaration order: what
    /// the error for a non-finite coefficient names.
    /// </summary>
    private static IEnumerable<string> HyperparametersOf(KernelModel model, Bound value)
    {
        var definitions = model.Prologue.Where(op => op.Kind is PrologueKind.Let or PrologueKind.AssignStepState)
            .SelectMany(op => op.Condition is { } condition
                ? new[] { (Name: op.Name, Value: op.Value), (Name: op.Name, Value: condition) }
                : new[] { (Name: op.Name, Value: op.Value) })
            .Concat(model.StepStates.Select(s => (Name: s.Name, Value: s.Init)))
            .ToLookup(d => d.Name, d => d.Value);
        var found = new HashSet<string>();
        var visited = new HashSet<string>();
        var pending = new Stack<Bound>();
        pending.Push(value);
        while (pending.Count > 0)
            foreach (var node in pending.Pop().Nodes())
            {
                if (node.Kind == BoundKind.Hyperparameter) found.Add(node.Name);
                else if (node.Kind is BoundKind.PerStepLet or BoundKind.StepState && visited.Add(node.Name))
                    foreach (var definition in definitions[node.Name]) pending.Push(definition);
            }
        return model.Hyperparameters.Select(h => h.Name).Where(found.Contains);
    }

    private static void EmitCoefficients(CodeWriter w, KernelModel model)
    {
        w.Line("// Per-step values the loop reads: numbers rounded to T once, and the switches the loop is specialised "
            + "on.");
        w.Line("// Passed by value, not by reference: a struct whose address is taken is zeroed with 256-bit stores "
            + "before the");
        w.Line("// prologue's Math.Pow, and glibc's pow then runs its SSE code with dirty upper registers, hundreds of "
            + "ns a call.");
        w.Open("private struct SimdOptCoefficients<T> where T : unmanaged");
        for (int k = 0; k < model.CoefficientCount; k++) w.Line("public T C" + k + ";");
        for (int k = 0; k < model.SwitchCount; k++) w.Line("public bool S" + k + ";");
        if (model.Reductions is { } plan)
            foreach (var pass in plan.Passes) w.Line("public bool " + ReductionEmitter.NeedsPass(pass.Number) + ";");
        w.Close();
        w.Line();
        // The gradient scale is the plan's, not the prologue's: set after every prologue, the same for every stage.
        w.Line(AggressiveInlining);
        w.Open("private static SimdOptCoefficients<T> SimdOptScaled<T>(SimdOptCoefficients<T> c, T gradientScale) "
            + FloatingPoint);
        w.Line("c.C" + model.GradientScaleCoefficient + " = gradientScale;");
        w.Line("c.S" + model.GradientScaleSwitch + " = gradientScale != T.One;");
        w.Line("return c;");
        w.Close();
        w.Line();
    }
}
