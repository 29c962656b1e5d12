using System.Collections.Generic;
using System.Linq;
using SimdOpt.Generators.Model;
using static SimdOpt.Generators.Emit.RuntimeNames;

namespace SimdOpt.Generators.Emit;

/// <summary>
/// Emits the loop machinery of one optimizer: the switch dispatch that turns each per-step condition into an
/// <c>On</c>/<c>Off</c> type argument, the path choice (<c>KernelPaths.Resolve</c>, the one ladder), one unrolled loop
/// per backend with its tail cascade (512 -> 256 -> 128 -> scalar, so no element is updated twice), with the loop body
/// written out in each loop.
/// </summary>
internal static class KernelEmitter
{
    public static void Emit(CodeWriter w, KernelModel model)
    {
        EmitRun(w, model);
        for (int k = 0; k < model.SwitchCount; k++) EmitDispatch(w, model, k);
        EmitLoops(w, model);
        foreach (var backend in Backend.All) EmitLoop(w, model, backend);
    }

    private static string RefParameters(KernelModel model) =>
        "ref T p, ref T g" + string.Concat(Enumerable.Range(0, model.States.Count).Select(k => ", ref T " + LoopBodyEmitter.StateReference(k)));

    private static string RefArguments(KernelModel model) =>
        "ref p, ref g" + string.Concat(Enumerable.Range(0, model.States.Count).Select(k => ", ref " + LoopBodyEmitter.StateReference(k)));

    // By value: see the comment on SimdOptCoefficients.
    private const string Coefficients = "SimdOptCoefficients<T> c";

    private static string TypeArguments(int switches) =>
        "<T" + string.Concat(Enumerable.Range(0, switches).Select(k => ", S" + k)) + ">";

    private static IEnumerable<string> SwitchConstraints(int switches) =>
        Enumerable.Range(0, switches).Select(k => "    where S" + k + " : struct, " + ISwitch);

    private static void EmitRun(CodeWriter w, KernelModel model)
    {
        string spans = string.Concat(Enumerable.Range(0, model.States.Count).Select(k => ", " + Span + "<T> state" + k));
        w.Open("private static void SimdOptRun<T>(" + Coefficients + ", " + Span + "<T> parameters, " + ReadOnlySpan + "<T> gradients" + spans + ", " + KernelPath + " path) " + FloatingPoint);
        w.Line("ref T p = ref " + MemoryMarshal + ".GetReference(parameters);");
        w.Line("ref T g = ref " + MemoryMarshal + ".GetReference(gradients);");
        for (int k = 0; k < model.States.Count; k++)
            w.Line("ref T " + LoopBodyEmitter.StateReference(k) + " = ref " + MemoryMarshal + ".GetReference(state" + k + ");");
        w.Line("nuint n = (nuint)parameters.Length;");
        w.Line("path = " + KernelPaths + ".Resolve(path);");
        w.Line(model.SwitchCount == 0
            ? "SimdOptLoops<T>(c, path, " + RefArguments(model) + ", n);"
            : "SimdOptDispatch0<T>(c, path, " + RefArguments(model) + ", n);");
        w.Close();
        w.Line();
    }

    // Dispatch k fixes switch k: S0..S(k-1) are already type arguments.
    private static void EmitDispatch(CodeWriter w, KernelModel model, int k)
    {
        string next = k + 1 == model.SwitchCount ? "SimdOptLoops" : "SimdOptDispatch" + (k + 1);
        string fixedSoFar = string.Concat(Enumerable.Range(0, k).Select(j => ", S" + j));
        w.Line("private static void SimdOptDispatch" + k + TypeArguments(k) + "(" + Coefficients + ", " + KernelPath + " path, " + RefParameters(model) + ", nuint n)");
        w.Line("    " + FloatingPoint);
        foreach (var line in SwitchConstraints(k)) w.Line(line);
        w.Open("");
        w.Line("if (c.S" + k + ") " + next + "<T" + fixedSoFar + ", " + On + ">(c, path, " + RefArguments(model) + ", n);");
        w.Line("else " + next + "<T" + fixedSoFar + ", " + Off + ">(c, path, " + RefArguments(model) + ", n);");
        w.Close();
        w.Line();
    }

    private static void EmitLoops(CodeWriter w, KernelModel model)
    {
        string types = TypeArguments(model.SwitchCount);
        string call(string backend, string start, string end) => "SimdOptLoop" + backend + types + "(c, " + RefArguments(model) + ", " + start + ", " + end + ")";
        w.Line("private static void SimdOptLoops" + types + "(" + Coefficients + ", " + KernelPath + " path, " + RefParameters(model) + ", nuint n)");
        w.Line("    " + FloatingPoint);
        foreach (var line in SwitchConstraints(model.SwitchCount)) w.Line(line);
        w.Open("");
        w.Line("nuint i = 0;");
        w.Open("switch (path)");
        // A vector path first takes the few elements before the parameters' first aligned vector one at a time; each
        // narrower loop then takes the tail the wider one left, and a length that ends on a whole vector stops early.
        // The scalar loop is not even called when there is no head to take: most calls, and every short one.
        string align(string backend) => "{ nuint head = " + KernelAlignment + ".ScalarPrologue(ref p, n, (nuint)" + Unsafe + ".SizeOf<"
            + Backend.All.Single(b => b.Name == backend).ValueType + ">()); if (head != 0) i = " + call("Scalar", "0", "head") + "; } ";
        string path(string name) => KernelPath + "." + name;
        w.Line("case " + path("Vector512") + ": " + align("Vector512") + "i = " + call("Vector512", "i", "n") + "; if (i == n) return; goto case " + path("Vector256") + ";");
        w.Line("case " + path("VectorT") + ": " + align("VectorT") + "i = " + call("VectorT", "i", "n") + "; if (i == n) return; goto case " + path("Vector256") + ";");
        w.Line("case " + path("Vector256") + ": if (i == 0) " + align("Vector256") + "i = " + call("Vector256", "i", "n") + "; if (i == n) return; goto case " + path("Vector128") + ";");
        w.Line("case " + path("Vector128") + ": if (i == 0) " + align("Vector128") + "i = " + call("Vector128", "i", "n") + "; if (i == n) return; break;");
        // Scalar: KernelPaths.Resolve has refused every path that is not defined.
        w.Line("default: break;");
        w.Close();
        w.Line(call("Scalar", "i", "n") + ";");
        w.Close();
        w.Line();
    }

    // One loop per backend. The coefficients are broadcast into locals once per call, before the loop: read through
    // `c`, they would be reloaded and broadcast again for every vector, since a store through p or a state may alias c.
    // The body is written out in place (four times per iteration while four vectors remain, then once per vector),
    // so no inlining budget or argument limit of the JIT decides whether the loop is fast.
    private static void EmitLoop(CodeWriter w, KernelModel model, Backend backend)
    {
        string types = TypeArguments(model.SwitchCount);
        w.Line("private static nuint SimdOptLoop" + backend.Name + types + "(" + Coefficients + ", " + RefParameters(model) + ", nuint i, nuint n)");
        w.Line("    " + FloatingPoint);
        foreach (var line in SwitchConstraints(model.SwitchCount)) w.Line(line);
        w.Open("");
        w.Line("nuint w = " + backend.Width + ";");
        w.Line("if (i + w > n) return i;");
        for (int k = 0; k < model.CoefficientCount; k++)
            w.Line(backend.ValueType + " " + LoopBodyEmitter.CoefficientLocal(k) + " = " + backend.Broadcast("c.C" + k) + ";");
        if (backend is VectorBackend)
        {
            w.Open("for (; i + 4 * w <= n; i += 4 * w)");
            foreach (string at in new[] { "i", "i + w", "i + 2 * w", "i + 3 * w" })
            {
                w.Open("");
                LoopBodyEmitter.Emit(w, model, backend, at);
                w.Close();
            }
            w.Close();
        }
        w.Open("for (; i + w <= n; i += w)");
        LoopBodyEmitter.Emit(w, model, backend, "i");
        w.Close();
        w.Line("return i;");
        w.Close();
        w.Line();
    }
}
