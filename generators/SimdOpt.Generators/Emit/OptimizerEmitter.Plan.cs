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
        w.Line();
        w.Line("public SimdOptPlan(" + ClassName(model) + " owner) => _owner = owner;");
        w.Line();
        w.Open("public override void Prepare(long t, " + Span + "<double> stepState)");
        w.Line(Guard + ".StepCount(t);");
        w.Line(Guard + ".StepStateLength(stepState.Length, " + model.StepStates.Count + ");");
        // Prepared into a local first: a refused step throws before the plan's prepared step is replaced.
        w.Line("var prepared__ = SimdOptPrepare<T>(_owner, t, stepState);");
        w.Line("_coefficients = prepared__;");
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
        w.Line("SimdOptRun<T>(_coefficients, p, g" + string.Concat(Enumerable.Range(0,
            model.Inputs.Count).Select(k => ", input" + k + "__")) + string.Concat(Enumerable.Range(0,
            model.States.Count).Select(k => ", state" + k + "__")) + ", path);");
        w.Close();
        w.Close();
        w.Line();
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
