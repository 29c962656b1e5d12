using static SimdOpt.Generators.Emit.RuntimeNames;

namespace SimdOpt.Generators.Emit;

// The plan the training runtime drives: Prepare once per step, Apply to whole tensors or slices.
internal static partial class OptimizerEmitter
{
    private static void EmitPlan(CodeWriter w, KernelModel model)
    {
        w.Open("private sealed class SimdOptPlan<T> : " + StepPlan + "<T> " + FloatingPoint);
        w.Line("private readonly " + ClassName(model) + " _owner;");
        w.Line("private SimdOptCoefficients<T> _coefficients;");
        w.Line("private bool _prepared;");
        if (model.Reductions is not null)
        {
            w.Line("private readonly double[] _stepStateBefore = new double[" + model.StepStates.Count + "];");
            w.Line("private T _gradientScale;");
        }
        w.Line();
        w.Line("public SimdOptPlan(" + ClassName(model) + " owner) => _owner = owner;");
        w.Line();
        w.Line("public override void Prepare(long t, " + Span + "<double> stepState) => Prepare(t, stepState, 1D);");
        w.Line();
        // Never inlined: inlined into a caller (the step protocol's Prepare, by guarded devirtualization), the JIT had
        // no budget left to inline SimdOptPrepare, whose coefficients then came back through memory written 4 bytes at
        // a time and were copied 32 bytes at a time: a store-forwarding stall on every step.
        w.Line(NoInlining);
        w.Open("public override void Prepare(long t, " + Span + "<double> stepState, double gradientScale)");
        w.Line(Guard + ".StepCount(t);");
        w.Line(Guard + ".StepStateLength(stepState.Length, " + model.StepStates.Count + ");");
        w.Line("T gradientScale__ = " + Guard + ".GradientScale<T>(gradientScale);");
        // Prepared into a local first: a refused step throws before the plan's prepared step is replaced.
        if (model.Reductions is not null)
        {
            // The later stages start again from the per-step state before this step, which Prepare advances.
            w.Line("stepState.CopyTo(_stepStateBefore);");
            w.Line("var prepared__ = SimdOptPrepare<T>(_owner, t, stepState, default, 0, 0, true);");
            w.Line("_gradientScale = gradientScale__;");
        }
        else
        {
            w.Line("var prepared__ = SimdOptPrepare<T>(_owner, t, stepState);");
        }
        w.Line("_coefficients = SimdOptScaled(prepared__, gradientScale__);");
        w.Line("Step = t;");
        w.Line("_prepared = true;");
        w.Close();
        w.Line();
        string applyParameters = Span + "<T> p, " + ReadOnlySpan + "<T> g, " + StateSpans + "<T> state, " + KernelPath
            + " path = " + KernelPath + ".Auto";
        if (model.Inputs.Count > 0)
        {
            EmitReadsInput(w, model);
            w.Line("public override void Apply(" + applyParameters + ") => Apply(p, g, default, state, path);");
            w.Line();
            applyParameters = Span + "<T> p, " + ReadOnlySpan + "<T> g, " + InputSpans + "<T> inputs, " + StateSpans
                + "<T> state, " + KernelPath + " path = " + KernelPath + ".Auto";
        }
        w.Line(NoInlining);
        w.Open("public override void Apply(" + applyParameters + ")");
        EmitApplyChecks(w, model);
        if (model.Reductions is { } plan)
        {
            // A whole tensor: every pass over it here, then the final one.
            w.Line(Span + "<double> totals__ = stackalloc double[" + plan.Reductions.Count + "];");
            string spans = ReductionEmitter.InputAndStateArguments(model, k => "input" + k + "__",
                k => "state" + k + "__");
            w.Line("var coefficients__ = SimdOptReduce<T>(_owner, Step, _stepStateBefore, totals__, p, g" + spans
                + ", path, false, _gradientScale);");
            w.Line("SimdOptRun<T>(coefficients__, p, g" + spans + ", path);");
            w.Close();
            EmitReductionPlanMembers(w, model, plan);
            w.Close();
            w.Line();
            return;
        }
        w.Line("SimdOptRun<T>(_coefficients, p, g" + string.Concat(Enumerable.Range(0,
            model.Inputs.Count).Select(k => ", input" + k + "__")) + string.Concat(Enumerable.Range(0,
            model.States.Count).Select(k => ", state" + k + "__")) + ", path);");
        w.Close();
        if (model.Inputs.Count == 0) EmitApplyStored(w, model);
        EmitPlanEnterMode(w, model);
        w.Close();
        w.Line();
    }

    // The low-precision runtime's step: the same loops over arrays in any storage, from addresses of memory the
    // runtime has pinned and checked. Only an elementwise optimizer without inputs has it: the runtime stages the
    // others (reductions read the tensor in chunks; an input has no storage of its own).
    private static void EmitApplyStored(CodeWriter w, KernelModel model)
    {
        w.Line();
        w.Line("public override bool AppliesStored => true;");
        w.Line();
        w.Open("public override void ApplyStored<TP, TG, TS>(nint p, nint g, " + ReadOnlySpan
            + "<nint> states, int length, " + KernelPath + " path)");
        w.Line("if (!_prepared) throw new " + InvalidOperationException
            + "(\"Call Prepare(t, stepState) before ApplyStored.\");");
        w.Line("if (states.Length != " + model.States.Count + ") throw new " + ArgumentException + "("
            + Literals.String("'" + model.OptimizerName + "' has " + model.States.Count
            + " state buffers, but the state holds ") + " + states.Length + \".\", nameof(states));");
        string at(string address) => "ref " + KernelMemory + ".At<T>(" + address + ")";
        w.Line("SimdOptRunStored<T, TP, TG, TS>(_coefficients, " + at("p") + ", " + at("g") + string.Concat(
            Enumerable.Range(0, model.States.Count).Select(k => ", " + at("states[" + k + "]")))
            + ", (nuint)length, path);");
        w.Close();
    }

    // The checks of Apply, which write nothing: prepared, lengths, the state's buffer count, the inputs, overlaps.
    private static void EmitApplyChecks(CodeWriter w, KernelModel model)
    {
        w.Line("if (!_prepared) throw new " + InvalidOperationException
            + "(\"Call Prepare(t, stepState) before Apply.\");");
        w.Line(Guard + ".SameLength(\"g\", g.Length, p.Length);");
        w.Line("if (state.Count != " + model.States.Count + ") throw new " + ArgumentException + "("
            + Literals.String("'" + model.OptimizerName + "' has " + model.States.Count
            + " state buffers, but the state holds ") + " + state.Count + \".\", nameof(state));");
        w.Line(Guard + ".SameLength(\"state\", state.Length, p.Length);");
        // The buffers of one StateSpans never overlap each other; p and g must stay apart from all of them.
        w.Line(Guard + ".Apart<T>(\"g\", g, \"p\", p, samePermitted: true);");
        EmitInputChecks(w, model);
        for (int k = 0; k < model.States.Count; k++)
        {
            w.Line(Span + "<T> state" + k + "__ = state[" + k + "];");
            w.Line(Guard + ".Apart<T>(\"state\", state" + k + "__, \"p\", p);");
            w.Line(Guard + ".Apart<T>(\"state\", state" + k + "__, \"g\", g);");
            for (int j = 0; j < model.Inputs.Count; j++)
                w.Line(Guard + ".Apart<T>(\"state\", state" + k + "__, " + Literals.String(model.Inputs[j].Name)
                    + ", input" + j + "__);");
        }
    }

    // The chunk protocol of a plan with reductions, which the training runtime drives: for each pass, Reduce every
    // chunk (any thread) and Combine the partials in chunk order; Check the totals; Apply to any slices.
    private static void EmitReductionPlanMembers(CodeWriter w, KernelModel model, ReductionPlan plan)
    {
        int passes = plan.Passes.Count, count = plan.Reductions.Count;
        string states = ReductionEmitter.InputAndStateArguments(model, k => "input" + k + "__",
            k => "state" + k + "__");
        // With inputs, the chunk members take them (InputSpans after g); the overloads without forward no inputs.
        bool inputs = model.Inputs.Count > 0;
        string inputParameter = inputs ? InputSpans + "<T> inputs, " : "";
        w.Line();
        w.Line("public override int ReductionPasses => " + passes + ";");
        w.Line();
        w.Line("public override int ReductionCount => " + count + ";");
        w.Line();
        uint stepWide = 0;
        foreach (var r in plan.Reductions) if (r.StepWide) stepWide |= 1u << r.Index;
        if (stepWide != 0)
        {
            w.Line("public override uint StepWideReductions => 0x"
                + stepWide.ToString("X", System.Globalization.CultureInfo.InvariantCulture) + "u;");
            w.Line();
        }
        w.Open("public override bool NeedsPass(int pass)");
        w.Line("if (!_prepared) throw new " + InvalidOperationException
            + "(\"Call Prepare(t, stepState) before NeedsPass.\");");
        w.Line(Guard + ".ReductionChunk(pass, " + passes + ", 0, 0, " + count + ", " + count + ", " + count + ");");
        w.Open("return pass switch");
        foreach (var pass in plan.Passes)
            w.Line(pass.Number + " => _coefficients." + ReductionEmitter.NeedsPass(pass.Number) + ",");
        w.Line("_ => true,");
        w.Close(";");
        w.Close();
        w.Line();
        string reduceParameters = "int pass, " + ReadOnlySpan + "<T> p, " + ReadOnlySpan + "<T> g, " + StateSpans
            + "<T> state, int tensorLength, " + ReadOnlySpan + "<double> totals, " + Span + "<double> partials, "
            + KernelPath + " path = " + KernelPath + ".Auto";
        if (inputs)
        {
            w.Line("public override void Reduce(" + reduceParameters
                + ") => Reduce(pass, p, g, default, state, tensorLength, totals, partials, path);");
            w.Line();
        }
        w.Line(NoInlining);
        w.Open("public override void Reduce(" + reduceParameters.Replace(StateSpans + "<T> state", inputParameter
            + StateSpans + "<T> state") + ")");
        w.Line(Guard + ".ReductionChunk(pass, " + passes + ", p.Length, tensorLength, totals.Length, partials.Length, "
            + count + ");");
        // Read only: the pass loops take every array by reference, as the final loop does.
        w.Line("var writable__ = " + MemoryMarshal + ".CreateSpan(ref " + MemoryMarshal
            + ".GetReference(p), p.Length);");
        EmitApplyChecks(w, model);
        w.Line("var c = SimdOptScaled(SimdOptPrepare<T>(_owner, Step, _stepStateBefore, totals, tensorLength, "
            + "pass - 1, false), _gradientScale);");
        w.Open("switch (pass)");
        foreach (var pass in plan.Passes)
            w.Line("case " + pass.Number + ": SimdOptReduceChunk" + pass.Number + "<T>(c, writable__, g" + states
                + ", path, partials); break;");
        w.Close();
        w.Close();
        w.Line();
        w.Open("public override void Combine(int pass, " + ReadOnlySpan + "<double> partials, " + Span
            + "<double> totals)");
        w.Line(Guard + ".ReductionChunk(pass, " + passes + ", 0, 0, totals.Length, partials.Length, " + count + ");");
        w.Line("SimdOptCombine(pass, partials, totals);");
        w.Close();
        w.Line();
        w.Open("public override void Check(int tensorLength, " + ReadOnlySpan + "<double> totals)");
        w.Line("if (!_prepared) throw new " + InvalidOperationException
            + "(\"Call Prepare(t, stepState) before Check.\");");
        w.Line(Guard + ".ReductionChunk(1, " + passes + ", 0, tensorLength, totals.Length, " + count + ", "
            + count + ");");
        w.Line("SimdOptPrepare<T>(_owner, Step, _stepStateBefore, totals, tensorLength, " + passes + ", false);");
        w.Close();
        w.Line();
        string applyParameters = Span + "<T> p, " + ReadOnlySpan + "<T> g, " + StateSpans + "<T> state, int "
            + "tensorLength, " + ReadOnlySpan + "<double> totals, " + KernelPath + " path = " + KernelPath + ".Auto";
        if (inputs)
        {
            w.Line("public override void Apply(" + applyParameters
                + ") => Apply(p, g, default, state, tensorLength, totals, path);");
            w.Line();
        }
        w.Line(NoInlining);
        w.Open("public override void Apply(" + applyParameters.Replace(StateSpans + "<T> state", inputParameter
            + StateSpans + "<T> state") + ")");
        w.Line(Guard + ".ReductionChunk(1, " + passes + ", 0, tensorLength, totals.Length, " + count + ", " + count
            + ");");
        EmitApplyChecks(w, model);
        w.Line("var c = SimdOptScaled(SimdOptPrepare<T>(_owner, Step, _stepStateBefore, totals, tensorLength, "
            + passes + ", false), _gradientScale);");
        w.Line("SimdOptRun<T>(c, p, g" + states + ", path);");
        w.Close();
    }

    // Whether the prepared step reads each input: the runtime asks before it applies a step to any tensor, so a
    // missing input is refused before anything is written.
    private static void EmitReadsInput(CodeWriter w, KernelModel model)
    {
        w.Open("public override bool ReadsInput(int index)");
        w.Line("if (!_prepared) throw new " + InvalidOperationException
            + "(\"Call Prepare(t, stepState) before ReadsInput.\");");
        w.Open("return index switch");
        for (int k = 0; k < model.Inputs.Count; k++)
            w.Line(k + " => " + ReadsInputValue(model.Inputs[k]) + ",");
        w.Line(OutOfRange("input"));
        w.Close(";");
        w.Close();
        w.Line();
    }

    // The inputs given (in declaration order; fewer may be given, then the rest are empty), each as long as p on a
    // step that reads it, and apart from p unless it is p itself.
    private static void EmitInputChecks(CodeWriter w, KernelModel model)
    {
        if (model.Inputs.Count == 0) return;
        w.Line("if (inputs.Count > " + model.Inputs.Count + ") throw new " + ArgumentException + "("
            + Literals.String("'" + model.OptimizerName + "' reads " + model.Inputs.Count + " input"
            + (model.Inputs.Count == 1 ? "" : "s") + " besides g ("
            + string.Join(", ", model.Inputs.Select(x => x.Name)) + "), but ")
            + " + inputs.Count + \" were given.\", nameof(inputs));");
        for (int k = 0; k < model.Inputs.Count; k++)
        {
            var x = model.Inputs[k];
            string name = Literals.String(x.Name);
            w.Line(ReadOnlySpan + "<T> input" + k + "__ = inputs.Count > " + k + " ? inputs[" + k + "] : default;");
            w.Line(Guard + ".InputLength(" + name + ", input" + k + "__.Length, p.Length, " + ReadsInputValue(x)
                + ");");
            w.Line(Guard + ".Apart<T>(" + name + ", input" + k + "__, \"p\", p, samePermitted: true);");
        }
    }

    // Whether the prepared step reads the input: its switch, or always.
    private static string ReadsInputValue(InputModel input) =>
        input.ReadSwitch < 0 ? "true" : "_coefficients.S" + input.ReadSwitch;
}
