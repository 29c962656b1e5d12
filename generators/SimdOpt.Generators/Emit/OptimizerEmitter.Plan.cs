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
        w.Line(NoInlining);
        w.Open("public override void Apply(" + Span + "<T> p, " + ReadOnlySpan + "<T> g, " + StateSpans + "<T> state, "
            + KernelPath + " path = " + KernelPath + ".Auto)");
        w.Line("if (!_prepared) throw new " + InvalidOperationException
            + "(\"Call Prepare(t, stepState) before Apply.\");");
        w.Line(Guard + ".SameLength(\"g\", g.Length, p.Length);");
        w.Line("if (state.Count != " + model.States.Count + ") throw new " + ArgumentException + "("
            + Literals.String("'" + model.OptimizerName + "' has " + model.States.Count
            + " state buffers, but the state holds ") + " + state.Count + \".\", nameof(state));");
        w.Line(Guard + ".SameLength(\"state\", state.Length, p.Length);");
        // The buffers of one StateSpans never overlap each other; p and g must stay apart from all of them.
        w.Line(Guard + ".Apart<T>(\"g\", g, \"p\", p, samePermitted: true);");
        for (int k = 0; k < model.States.Count; k++)
        {
            w.Line(Span + "<T> state" + k + "__ = state[" + k + "];");
            w.Line(Guard + ".Apart<T>(\"state\", state" + k + "__, \"p\", p);");
            w.Line(Guard + ".Apart<T>(\"state\", state" + k + "__, \"g\", g);");
        }
        w.Line("SimdOptRun<T>(_coefficients, p, g" + string.Concat(Enumerable.Range(0,
            model.States.Count).Select(k => ", state" + k + "__")) + ", path);");
        w.Close();
        w.Close();
        w.Line();
    }
}
