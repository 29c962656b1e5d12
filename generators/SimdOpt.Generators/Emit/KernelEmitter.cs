using System.Collections.Generic;
using System.Linq;
using SimdOpt.Generators.Model;

namespace SimdOpt.Generators.Emit;

/// <summary>
/// Emits the loop machinery of one optimizer: the switch dispatch that turns each per-step condition into an
/// <c>On</c>/<c>Off</c> type argument, the path choice, one unrolled loop per backend with its tail cascade
/// (512 -> 256 -> 128 -> scalar, so no element is updated twice), with the loop body written out in each loop.
/// </summary>
internal static class KernelEmitter
{
    private const string Constraint = "where T : unmanaged, global::System.Numerics.IFloatingPointIeee754<T>";
    private const string KernelPath = "global::SimdOpt.Kernels.KernelPath";

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

    private static string Coefficients => "ref readonly SimdOptCoefficients<T> c";

    private static string TypeArguments(int switches) =>
        "<T" + string.Concat(Enumerable.Range(0, switches).Select(k => ", S" + k)) + ">";

    private static IEnumerable<string> SwitchConstraints(int switches) =>
        Enumerable.Range(0, switches).Select(k => "    where S" + k + " : struct, global::SimdOpt.Kernels.Internal.ISwitch");

    private static void EmitRun(CodeWriter w, KernelModel model)
    {
        string spans = string.Concat(Enumerable.Range(0, model.States.Count).Select(k => ", global::System.Span<T> state" + k));
        w.Open("private static void SimdOptRun<T>(" + Coefficients + ", global::System.Span<T> parameters, global::System.ReadOnlySpan<T> gradients" + spans + ", " + KernelPath + " path) " + Constraint);
        w.Line("ref T p = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(parameters);");
        w.Line("ref T g = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(gradients);");
        for (int k = 0; k < model.States.Count; k++)
            w.Line("ref T " + LoopBodyEmitter.StateReference(k) + " = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(state" + k + ");");
        w.Line("nuint n = (nuint)parameters.Length;");
        w.Open("if (path == " + KernelPath + ".Auto)");
        w.Line("path = global::System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? " + KernelPath + ".Vector512");
        w.Line("    : global::System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? " + KernelPath + ".Vector256");
        w.Line("    : global::System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated ? " + KernelPath + ".Vector128");
        w.Line("    : " + KernelPath + ".Scalar;");
        w.Close();
        w.Line(model.SwitchCount == 0
            ? "SimdOptLoops<T>(in c, path, " + RefArguments(model) + ", n);"
            : "SimdOptDispatch0<T>(in c, path, " + RefArguments(model) + ", n);");
        w.Close();
        w.Line();
    }

    // Dispatch k fixes switch k: S0..S(k-1) are already type arguments.
    private static void EmitDispatch(CodeWriter w, KernelModel model, int k)
    {
        string next = k + 1 == model.SwitchCount ? "SimdOptLoops" : "SimdOptDispatch" + (k + 1);
        string fixedSoFar = string.Concat(Enumerable.Range(0, k).Select(j => ", S" + j));
        w.Line("private static void SimdOptDispatch" + k + TypeArguments(k) + "(" + Coefficients + ", " + KernelPath + " path, " + RefParameters(model) + ", nuint n)");
        w.Line("    " + Constraint);
        foreach (var line in SwitchConstraints(k)) w.Line(line);
        w.Open("");
        w.Line("if (c.S" + k + ") " + next + "<T" + fixedSoFar + ", global::SimdOpt.Kernels.Internal.On>(in c, path, " + RefArguments(model) + ", n);");
        w.Line("else " + next + "<T" + fixedSoFar + ", global::SimdOpt.Kernels.Internal.Off>(in c, path, " + RefArguments(model) + ", n);");
        w.Close();
        w.Line();
    }

    private static void EmitLoops(CodeWriter w, KernelModel model)
    {
        string types = TypeArguments(model.SwitchCount);
        string call(string backend, string start) => "SimdOptLoop" + backend + types + "(in c, " + RefArguments(model) + ", " + start + ", n)";
        w.Line("private static void SimdOptLoops" + types + "(" + Coefficients + ", " + KernelPath + " path, " + RefParameters(model) + ", nuint n)");
        w.Line("    " + Constraint);
        foreach (var line in SwitchConstraints(model.SwitchCount)) w.Line(line);
        w.Open("");
        w.Line("nuint i = 0;");
        w.Open("switch (path)");
        // A vector path first takes the few elements before the parameters' first aligned vector one at a time; each
        // narrower loop then takes the tail the wider one left, and a length that ends on a whole vector stops early.
        string align(string type) => "i = " + call("Scalar", "0").Replace(", 0, n)", ", 0, global::SimdOpt.Kernels.Internal.KernelAlignment.ScalarPrologue(ref p, n, (nuint)global::System.Runtime.CompilerServices.Unsafe.SizeOf<" + type + ">()))") + "; ";
        w.Line("case " + KernelPath + ".Vector512: " + align("global::System.Runtime.Intrinsics.Vector512<T>") + "i = " + call("Vector512", "i") + "; if (i == n) return; goto case " + KernelPath + ".Vector256;");
        w.Line("case " + KernelPath + ".VectorT: " + align("global::System.Numerics.Vector<T>") + "i = " + call("VectorT", "i") + "; if (i == n) return; goto case " + KernelPath + ".Vector256;");
        w.Line("case " + KernelPath + ".Vector256: if (i == 0) " + align("global::System.Runtime.Intrinsics.Vector256<T>") + "i = " + call("Vector256", "i") + "; if (i == n) return; goto case " + KernelPath + ".Vector128;");
        w.Line("case " + KernelPath + ".Vector128: if (i == 0) " + align("global::System.Runtime.Intrinsics.Vector128<T>") + "i = " + call("Vector128", "i") + "; if (i == n) return; break;");
        w.Line("case " + KernelPath + ".Scalar: break;");
        w.Line("default: throw new global::System.ArgumentOutOfRangeException(nameof(path), path, \"Unknown kernel path.\");");
        w.Close();
        w.Line(call("Scalar", "i") + ";");
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
        w.Line("    " + Constraint);
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
