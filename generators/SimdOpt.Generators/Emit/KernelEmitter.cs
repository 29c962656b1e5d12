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
    public static void Emit(CodeWriter w, KernelModel model) => Emit(w, model, LoopFamily.Final);

    /// <summary>Emits the dispatch and the loops of one family: the final pass, or a reduction pass.</summary>
    public static void Emit(CodeWriter w, KernelModel model, LoopFamily family)
    {
        EmitRun(w, model, family);
        if (model.SwitchCount > MaxFlatSwitches)
            for (int k = 0; k < model.SwitchCount; k++) EmitDispatchLevel(w, model, k, family);
        EmitLoops(w, model, family);
        foreach (var backend in Backend.All) EmitLoop(w, model, backend, family);
    }

    private static string RefParameters(KernelModel model, LoopFamily family) => References(model, family, "ref T ");

    private static string RefArguments(KernelModel model, LoopFamily family) => References(model, family, "ref ");

    // p, g, the inputs, the state buffers, the family's outputs: what every loop reads and writes through references.
    private static string References(KernelModel model, LoopFamily family, string prefix) =>
        prefix + "p, " + prefix + "g"
        + string.Concat(Enumerable.Range(0, model.Inputs.Count).Select(k => ", " + prefix
            + LoopBodyEmitter.InputReference(k)))
        + string.Concat(Enumerable.Range(0, model.States.Count).Select(k => ", " + prefix
            + LoopBodyEmitter.StateReference(k)))
        + string.Concat(family.Outputs.Select(o => ", " + prefix + o));

    // By value: see the comment on SimdOptCoefficients.
    private const string Coefficients = "SimdOptCoefficients<T> c";

    // The loops take the coefficients one by one, not as the struct: a struct argument is block-copied with 16-byte
    // loads from the stack home the prologue has just filled with 4-byte stores, and such a load cannot be forwarded
    // from the narrower stores in flight: it waits for them to retire, a stall on every call. One by one, they travel
    // in registers (or 8-byte stack slots), and each loop broadcasts them from there.
    private static string CoefficientParameters(KernelModel model) =>
        string.Concat(Enumerable.Range(0, model.CoefficientCount).Select(k => "T c" + k + ", "));

    private static string CoefficientArguments(KernelModel model, string prefix) =>
        string.Concat(Enumerable.Range(0, model.CoefficientCount).Select(k => prefix + k + ", "));

    private static string TypeArguments(int switches) =>
        "<" + TStorages + string.Concat(Enumerable.Range(0, switches).Select(k => ", S" + k)) + ">";

    // T, then the storage of p, of g and of the state buffers (IElementStorage: NativeStorage for T arrays, a 16-bit
    // storage for the low-precision runtime's float32 values), then the switches.
    private const string TStorages = "T, " + LoopBodyEmitter.ParameterStorage + ", " + LoopBodyEmitter.GradientStorage
        + ", " + LoopBodyEmitter.StateStorage;

    private static readonly string[] Storages =
        { LoopBodyEmitter.ParameterStorage, LoopBodyEmitter.GradientStorage, LoopBodyEmitter.StateStorage };

    private static IEnumerable<string> StorageConstraints() =>
        Storages.Select(s => "    where " + s + " : struct, " + IElementStorage);

    private static IEnumerable<string> SwitchConstraints(int switches) => StorageConstraints()
        .Concat(Enumerable.Range(0, switches).Select(k => "    where S" + k + " : struct, " + ISwitch));

    // The one dispatch: the switches, packed into one mask, pick the instantiation of SimdOptLoops in one switch
    // statement. Inlined into Step and Apply (it holds no vector code, so it cannot put the prologue's Math.Pow behind
    // dirty upper registers): the coefficients then go from the prologue's registers straight into the loops'
    // arguments, with no chain of calls that each copy them.
    private static void EmitRun(CodeWriter w, KernelModel model, LoopFamily family)
    {
        string spans = string.Concat(Enumerable.Range(0, model.Inputs.Count).Select(k => ", " + ReadOnlySpan
            + "<T> input" + k)) + string.Concat(Enumerable.Range(0, model.States.Count).Select(k => ", " + Span
            + "<T> state" + k)) + string.Concat(family.Outputs.Select(o => ", " + Span + "<T> " + o + "Span"));
        string reference(string span) => "ref " + MemoryMarshal + ".GetReference(" + span + ")";
        string references = string.Concat(Enumerable.Range(0, model.Inputs.Count).Select(k => ", "
            + reference("input" + k))) + string.Concat(Enumerable.Range(0, model.States.Count).Select(k => ", "
            + reference("state" + k))) + string.Concat(family.Outputs.Select(o => ", " + reference(o + "Span")));
        // Over spans of T: every array stored as it is.
        w.Line(AggressiveInlining);
        w.Open("private static void " + family.Prefix + "Run<T>(" + Coefficients + ", " + Span + "<T> parameters, "
            + ReadOnlySpan
            + "<T> gradients" + spans + ", " + KernelPath + " path) " + FloatingPoint);
        w.Line(family.Prefix + "RunStored<T, " + NativeStorage + ", " + NativeStorage + ", " + NativeStorage + ">(c, "
            + reference("parameters") + ", " + reference("gradients") + references
            + ", (nuint)parameters.Length, path);");
        w.Close();
        w.Line();
        // Over references to arrays in any storage (the low-precision runtime's in-register step).
        w.Line(AggressiveInlining);
        w.Line("private static void " + family.Prefix + "RunStored<" + TStorages + ">(" + Coefficients + ", "
            + RefParameters(model, family) + ", nuint n, " + KernelPath + " path)");
        w.Line("    " + FloatingPoint);
        foreach (var line in StorageConstraints()) w.Line(line);
        w.Open("");
        w.Line("path = " + KernelPaths + ".Resolve(path);");
        string arguments = "(" + CoefficientArguments(model, "c.C") + "path, " + RefArguments(model, family) + ", n);";
        if (model.SwitchCount == 0)
        {
            w.Line(family.Prefix + "Loops<" + TStorages + ">" + arguments);
        }
        else if (model.SwitchCount > MaxFlatSwitches)
        {
            w.Line(family.Prefix + "Dispatch0<" + TStorages + ">(" + CoefficientArguments(model, "c.C") + "path, "
                + RefArguments(model, family) + ", n" + SwitchArguments(model, "c.S") + ");");
        }
        else
        {
            // Switch k is bit k of the mask; the last case is the mask with every bit set.
            int cases = 1 << model.SwitchCount;
            w.Open("switch (" + Mask(model) + ")");
            for (int mask = 0; mask < cases; mask++)
            {
                string label = mask + 1 == cases ? "default" : "case " + mask;
                string switches = string.Concat(Enumerable.Range(0, model.SwitchCount)
                    .Select(k => ", " + ((mask & (1 << k)) != 0 ? On : Off)));
                w.Line(label + ": " + family.Prefix + "Loops<" + TStorages + switches + ">" + arguments + " return;");
            }
            w.Close();
        }
        w.Close();
        w.Line();
    }

    // The switches packed into one int: switch k is bit k.
    private static string Mask(KernelModel model) =>
        string.Join(" | ", Enumerable.Range(0, model.SwitchCount).Select(k => "(c.S" + k + " ? " + (1 << k) + " : 0)"));

    // Beyond this many switches one flat switch statement would hold 2^k cases (a fuzzed spec has dozens of flags and
    // conditions): the dispatch is then a chain of methods, one per switch, each fixing one type argument, which
    // grows linearly. The shipped optimizers have at most five switches (four of their own and the gradient scale's)
    // and take the flat switch; so does a spec with six of its own.
    private const int MaxFlatSwitches = 7;

    private static string SwitchArguments(KernelModel model, string prefix) =>
        string.Concat(Enumerable.Range(0, model.SwitchCount).Select(k => ", " + prefix + k));

    private static void EmitDispatchLevel(CodeWriter w, KernelModel model, int level, LoopFamily family)
    {
        string fixedSoFar = string.Concat(Enumerable.Range(0, level).Select(k => ", S" + k));
        bool last = level + 1 == model.SwitchCount;
        string next = last ? family.Prefix + "Loops" : family.Prefix + "Dispatch" + (level + 1);
        string arguments = "(" + CoefficientArguments(model, "c") + "path, " + RefArguments(model, family) + ", n"
            + (last ? "" : SwitchArguments(model, "s")) + ");";
        string switchParameters = string.Concat(Enumerable.Range(0, model.SwitchCount).Select(k => ", bool s" + k));
        w.Line("private static void " + family.Prefix + "Dispatch" + level + "<" + TStorages + fixedSoFar + ">("
            + CoefficientParameters(model) + KernelPath + " path, " + RefParameters(model, family) + ", nuint n"
            + switchParameters + ")");
        w.Line("    " + FloatingPoint);
        foreach (var line in SwitchConstraints(level)) w.Line(line);
        w.Open("");
        w.Line("if (s" + level + ") " + next + "<" + TStorages + fixedSoFar + ", " + On + ">" + arguments);
        w.Line("else " + next + "<" + TStorages + fixedSoFar + ", " + Off + ">" + arguments);
        w.Close();
        w.Line();
    }

    private static void EmitLoops(CodeWriter w, KernelModel model, LoopFamily family)
    {
        string types = TypeArguments(model.SwitchCount);
        string call(string backend, string start, string end) => family.Prefix + "Loop" + backend + types + "("
            + CoefficientArguments(model, "c") + RefArguments(model, family) + ", " + start + ", " + end + ")";
        w.Line("private static void " + family.Prefix + "Loops" + types + "(" + CoefficientParameters(model)
            + KernelPath + " path, " + RefParameters(model, family) + ", nuint n)");
        w.Line("    " + FloatingPoint);
        foreach (var line in SwitchConstraints(model.SwitchCount)) w.Line(line);
        w.Open("");
        w.Line("nuint i = 0;");
        w.Open("switch (path)");
        // A vector path first takes the few elements before the parameters' first aligned vector one at a time; each
        // narrower loop then takes the tail the wider one left, and a length that ends on a whole vector stops early.
        // The scalar loop is not even called when there is no head to take: most calls, and every short one.
        string align(string backend) => "{ nuint head = " + KernelAlignment + ".ScalarPrologue<T, "
            + LoopBodyEmitter.ParameterStorage + ">(ref p, n, (nuint)"
            + Unsafe + ".SizeOf<"
            + Backend.All.Single(b => b.Name == backend).ValueType + ">()); if (head != 0) i = "
            + call("Scalar", "0", "head") + "; } ";
        string path(string name) => KernelPath + "." + name;
        w.Line("case " + path("Vector512") + ": " + align("Vector512") + "i = " + call("Vector512", "i", "n")
            + "; if (i == n) return; goto case " + path("Vector256") + ";");
        w.Line("case " + path("VectorT") + ": " + align("VectorT") + "i = " + call("VectorT", "i", "n")
            + "; if (i == n) return; goto case " + path("Vector256") + ";");
        w.Line("case " + path("Vector256") + ": if (i == 0) " + align("Vector256") + "i = "
            + call("Vector256", "i", "n") + "; if (i == n) return; goto case " + path("Vector128") + ";");
        w.Line("case " + path("Vector128") + ": if (i == 0) " + align("Vector128") + "i = "
            + call("Vector128", "i", "n") + "; if (i == n) return; break;");
        // Scalar: KernelPaths.Resolve has refused every path that is not defined.
        w.Line("default: break;");
        w.Close();
        w.Line(call("Scalar", "i", "n") + ";");
        w.Close();
        w.Line();
    }

    // One loop per backend. The coefficients are broadcast into locals once per call, before the loop, so no vector
    // of the loop waits for a broadcast.
    // The body is written out in place (four times per iteration while four vectors remain, then once per vector),
    // so no inlining budget or argument limit of the JIT decides whether the loop is fast.
    private static void EmitLoop(CodeWriter w, KernelModel model, Backend backend, LoopFamily family)
    {
        string types = TypeArguments(model.SwitchCount);
        w.Line("private static nuint " + family.Prefix + "Loop" + backend.Name + types + "("
            + CoefficientParameters(model) + RefParameters(model, family) + ", nuint i, nuint n)");
        w.Line("    " + FloatingPoint);
        foreach (var line in SwitchConstraints(model.SwitchCount)) w.Line(line);
        w.Open("");
        w.Line("nuint w = " + backend.Width + ";");
        w.Line("if (i + w > n) return i;");
        for (int k = 0; k < model.CoefficientCount; k++)
            w.Line(backend.ValueType + " " + LoopBodyEmitter.CoefficientLocal(k) + " = " + backend.Broadcast("c" + k)
                + ";");
        if (backend is VectorBackend)
        {
            w.Open("for (; i + 4 * w <= n; i += 4 * w)");
            foreach (string at in new[] { "i", "i + w", "i + 2 * w", "i + 3 * w" })
            {
                w.Open("");
                family.Body(w, model, backend, at);
                w.Close();
            }
            w.Close();
        }
        w.Open("for (; i + w <= n; i += w)");
        family.Body(w, model, backend, "i");
        w.Close();
        w.Line("return i;");
        w.Close();
        w.Line();
    }
}

/// <summary>
/// One family of loops <see cref="KernelEmitter"/> emits: its method names' prefix (<c>SimdOpt</c> for the final
/// pass, which writes; <c>SimdOptPass1</c>, ... for the read-only reduction passes), the extra arrays its body
/// writes (a reduction pass's operand blocks), and its body.
/// </summary>
internal sealed class LoopFamily
{
    public LoopFamily(string prefix, string[] outputs, System.Action<CodeWriter, KernelModel, Backend, string> body)
    {
        Prefix = prefix;
        Outputs = outputs;
        Body = body;
    }

    /// <summary>The final pass: the loop that computes every statement and stores p and the states.</summary>
    public static readonly LoopFamily Final = new("SimdOpt", System.Array.Empty<string>(), LoopBodyEmitter.Emit);

    public string Prefix { get; }

    /// <summary>The references (one per operand block) the body stores into, after p, g and the states.</summary>
    public string[] Outputs { get; }

    public System.Action<CodeWriter, KernelModel, Backend, string> Body { get; }
}
