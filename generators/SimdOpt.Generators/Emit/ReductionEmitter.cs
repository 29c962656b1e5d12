using System;
using System.Collections.Generic;
using System.Linq;
using SimdOpt.Generators.Model;
using static SimdOpt.Generators.Emit.RuntimeNames;

namespace SimdOpt.Generators.Emit;

/// <summary>
/// Emits what a spec with reductions adds: one read-only pass per level of reductions (its loops, through
/// <see cref="KernelEmitter"/>, store each operand into a block; the block goes to the runtime's
/// <c>DeterministicReduction</c>, lane by lane), the chunk and whole-tensor drivers of the passes, and the staged
/// prologue's parameters. The final pass is the ordinary loop, which alone writes, after every stage (and so every
/// [Require]) has run.
/// </summary>
internal static class ReductionEmitter
{
    /// <summary>The extra parameters of a staged prologue: the totals so far, the element count, the stage (passes
    /// run) and whether to write the per-step state back.</summary>
    public static readonly string StageParameters = ", " + ReadOnlySpan + "<double> totals__, double n__, int "
        + Stage + ", bool " + WriteBack;

    public const string Stage = "stage__";

    public const string WriteBack = "writeBack__";

    /// <summary>Each finished reduction as a local of the prologue, once its pass has run.</summary>
    public static void EmitFinishedReductions(CodeWriter w, ReductionPlan plan)
    {
        foreach (var r in plan.Reductions)
        {
            string total = "totals__[" + r.Index + "]";
            string value = r.Finish switch
            {
                ReductionFinish.Mean => "(" + total + " / n__)",
                ReductionFinish.SquareRoot => "global::System.Math.Sqrt(" + total + ")",
                ReductionFinish.RootMean => "global::System.Math.Sqrt(" + total + " / n__)",
                _ => total,
            };
            w.Line("double " + PerStepEmitter.ReductionLocal(r.Index) + " = " + Stage + " >= " + r.Pass + " ? "
                + value + " : 0D;");
        }
    }

    /// <summary>The coefficients' field that says whether the step needs pass <paramref name="pass"/>.</summary>
    public static string NeedsPass(int pass) => "P" + pass;

    /// <summary>Whether the step needs each pass (see <see cref="PassModel.Needed"/>): known before any pass, and the
    /// same on every stage, so each stage's coefficients tell it.</summary>
    public static void EmitPassesNeeded(CodeWriter w, ReductionPlan plan)
    {
        foreach (var pass in plan.Passes)
            w.Line("c." + NeedsPass(pass.Number) + " = " + PerStepEmitter.Emit(pass.Needed, "h.") + ";");
    }

    public static void Emit(CodeWriter w, KernelModel model)
    {
        var plan = model.Reductions!;
        EmitSlice(w);
        EmitWhole(w, model, plan);
        EmitCombine(w, plan);
        foreach (var pass in plan.Passes)
        {
            EmitChunk(w, model, plan, pass);
            var outputs = Enumerable.Range(0, pass.Reductions.Count).Select(LoopBodyEmitter.OperandReference)
                .ToArray();
            KernelEmitter.Emit(w, model, new LoopFamily(PassPrefix(pass.Number), outputs,
                (cw, m, backend, index) => LoopBodyEmitter.EmitPass(cw, m, pass, backend, index)));
        }
    }

    private static string PassPrefix(int pass) => "SimdOptPass" + pass;

    /// <summary>The input and state spans as parameters (<c>ReadOnlySpan&lt;T&gt; name</c>, <c>Span&lt;T&gt;
    /// name</c>), after p and g.</summary>
    public static string StateParameters(KernelModel model) =>
        string.Concat(model.Inputs.Select(x => ", " + ReadOnlySpan + "<T> " + x.Parameter))
        + string.Concat(model.States.Select(s => ", " + Span + "<T> " + s.Parameter));

    /// <summary>The input and state spans as arguments, after p and g, named by <paramref name="input"/> and
    /// <paramref name="state"/> from their index.</summary>
    public static string InputAndStateArguments(KernelModel model, Func<int, string> input, Func<int, string> state) =>
        string.Concat(Enumerable.Range(0, model.Inputs.Count).Select(k => ", " + input(k)))
        + string.Concat(Enumerable.Range(0, model.States.Count).Select(k => ", " + state(k)));

    private static string Sliced(KernelModel model, string start, string length) =>
        "SimdOptSlice(p, " + start + ", " + length + "), SimdOptSlice(g, " + start + ", " + length + ")"
        + InputAndStateArguments(model, k => "SimdOptSlice(" + model.Inputs[k].Parameter + ", " + start + ", "
            + length + ")", k => "SimdOptSlice(" + model.States[k].Parameter + ", " + start + ", " + length + ")");

    // A state that does not exist under the flags may have any length (Step ignores it), and so may an input on a step
    // that does not read it: each is sliced only when long enough, and otherwise never touched.
    private static void EmitSlice(CodeWriter w)
    {
        w.Line(AggressiveInlining);
        w.Line("private static " + Span + "<T> SimdOptSlice<T>(" + Span + "<T> s, int start, int length) =>");
        w.Line("    s.Length >= start + length ? s.Slice(start, length) : default;");
        w.Line();
        w.Line(AggressiveInlining);
        w.Line("private static " + ReadOnlySpan + "<T> SimdOptSlice<T>(" + ReadOnlySpan
            + "<T> s, int start, int length) =>");
        w.Line("    s.Length >= start + length ? s.Slice(start, length) : default;");
        w.Line();
    }

    // Every pass over the whole tensor, chunk by chunk in order, each followed by its stage of the prologue; returns
    // the coefficients of the final pass. Throws (a [Require]) before anything is written.
    private static void EmitWhole(CodeWriter w, KernelModel model, ReductionPlan plan)
    {
        w.Open("private static SimdOptCoefficients<T> SimdOptReduce<T>(" + Language.Names.Escape(model.ClassName)
            + " h, long t, " + Span + "<double> stepState, " + Span + "<double> totals, " + Span + "<T> p, "
            + ReadOnlySpan + "<T> g" + StateParameters(model) + ", " + KernelPath
            + " path, bool writeBack, T gradientScale) " + FloatingPoint);
        w.Line("totals.Clear();");
        w.Line("double n = p.Length;");
        w.Line("var c = SimdOptScaled(SimdOptPrepare<T>(h, t, stepState, totals, n, 0, false), gradientScale);");
        // An input read only on some steps is checked once the step is known to read it, before a pass reads it.
        foreach (var x in model.Inputs.Where(x => x.ReadSwitch >= 0))
            w.Line(Guard + ".InputLength(" + Literals.String(x.Parameter.TrimStart('@')) + ", " + x.Parameter
                + ".Length, p.Length, c.S"
                + x.ReadSwitch + ");");
        w.Line(Span + "<double> partials = stackalloc double[" + plan.Reductions.Count + "];");
        foreach (var pass in plan.Passes)
        {
            // A pass the flags leave unneeded is skipped: its totals stay 0, and nothing the step uses reads them.
            w.Open("if (c." + NeedsPass(pass.Number) + ")");
            w.Open("for (int start = 0; start < p.Length; start += " + DeterministicReduction + ".ChunkLength)");
            w.Line("int length = global::System.Math.Min(" + DeterministicReduction
                + ".ChunkLength, p.Length - start);");
            w.Line("SimdOptReduceChunk" + pass.Number + "<T>(c, " + Sliced(model, "start", "length")
                + ", path, partials);");
            w.Line("SimdOptCombine(" + pass.Number + ", partials, totals);");
            w.Close();
            w.Close();
            bool last = pass.Number == plan.Passes.Count;
            w.Line("c = SimdOptScaled(SimdOptPrepare<T>(h, t, stepState, totals, n, " + pass.Number + ", "
                + (last ? "writeBack" : "false") + "), gradientScale);");
        }
        w.Line("return c;");
        w.Close();
        w.Line();
    }

    // Adds one chunk's partials of a pass to the totals: the runtime calls it in chunk order.
    private static void EmitCombine(CodeWriter w, ReductionPlan plan)
    {
        w.Open("private static void SimdOptCombine(int pass, " + ReadOnlySpan + "<double> partials, " + Span
            + "<double> totals)");
        w.Open("switch (pass)");
        foreach (var pass in plan.Passes)
        {
            w.Line("case " + pass.Number + ":");
            foreach (int r in pass.Reductions)
            {
                string combined = plan.Reductions[r].Accumulator == ReductionAccumulator.MaxAbs
                    ? DeterministicReduction + ".Max(totals[" + r + "], partials[" + r + "])"
                    : "totals[" + r + "] + partials[" + r + "]";
                w.Line("    totals[" + r + "] = " + combined + ";");
            }
            w.Line("    break;");
        }
        w.Close();
        w.Close();
        w.Line();
    }

    // One pass over one chunk (at most ChunkLength elements, starting a chunk of the tensor): block by block, the
    // pass's loops store the operands, the accumulators take them lane by lane; the lanes fold into the partials. A
    // direct operand (ReductionModel.DirectArray) is taken from its array instead, and a pass whose operands are all
    // direct runs no loop (LARS' norms of p and g: one read of each, nothing stored).
    private static void EmitChunk(CodeWriter w, KernelModel model, ReductionPlan plan, PassModel pass)
    {
        int count = pass.Reductions.Count;
        w.Open("private static void SimdOptReduceChunk" + pass.Number + "<T>(SimdOptCoefficients<T> c, " + Span
            + "<T> p, " + ReadOnlySpan + "<T> g" + StateParameters(model) + ", " + KernelPath + " path, " + Span
            + "<double> partials) " + FloatingPoint);
        w.Line("const int block = " + DeterministicReduction + ".BlockLength;");
        w.Line(Span + "<T> blocks = stackalloc T[" + count + " * block];");
        for (int slot = 0; slot < count; slot++) w.Line(ReductionLanes + " lanes" + slot + " = default;");
        var direct = pass.Reductions.Select(r => plan.Reductions[r].DirectArray).ToArray();
        string scaled = "c.S" + model.GradientScaleSwitch;
        w.Open("for (int start = 0; start < p.Length; start += block)");
        w.Line("int length = global::System.Math.Min(block, p.Length - start);");
        string run = PassPrefix(pass.Number) + "Run<T>(c, " + Sliced(model, "start", "length")
            + string.Concat(Enumerable.Range(0, count).Select(slot => ", blocks.Slice(" + slot + " * block, length)"))
            + ", path);";
        if (direct.Any(d => d is null)) w.Line(run);
        else if (direct.Contains(BoundKind.Gradient)) w.Line("if (" + scaled + ") " + run);
        for (int slot = 0; slot < count; slot++)
        {
            string stored = "blocks.Slice(" + slot + " * block, length)";
            string values = direct[slot] switch
            {
                BoundKind.Parameter => "p.Slice(start, length)",
                BoundKind.Gradient => "(" + scaled + " ? (" + ReadOnlySpan + "<T>)" + stored
                    + " : g.Slice(start, length))",
                _ => stored,
            };
            string method = plan.Reductions[pass.Reductions[slot]].Accumulator switch
            {
                ReductionAccumulator.SumOfSquares => "AddSquares",
                ReductionAccumulator.MaxAbs => "MaxAbs",
                _ => "AddSum",
            };
            w.Line(DeterministicReduction + "." + method + "<T>(ref lanes" + slot + ", " + values + ");");
        }
        w.Close();
        for (int slot = 0; slot < count; slot++)
        {
            var r = plan.Reductions[pass.Reductions[slot]];
            string fold = r.Accumulator == ReductionAccumulator.MaxAbs ? "FoldMax" : "FoldSum";
            w.Line("partials[" + r.Index + "] = " + DeterministicReduction + "." + fold + "(ref lanes" + slot + ");");
        }
        w.Close();
        w.Line();
    }

    /// <summary>
    /// What one step costs in memory traffic: the passes, and the bytes per element each reads and writes (every
    /// state present), for the doc comment of Step. A pass reads an array when a statement it computes reads it
    /// before assigning it; the final pass also reads g and p and writes p and every assigned state.
    /// </summary>
    public static (int Passes, int ReadsAndWrites) Traffic(KernelModel model)
    {
        int arrays = ArraysRead(model, Enumerable.Range(0, model.Loop.Count), null, final: true);
        arrays += 1 + Enumerable.Range(0, model.States.Count).Count(k => model.Loop.Any(op =>
            op.Kind == LoopKind.AssignState && op.Index == k));
        if (model.Reductions is not { } plan) return (1, arrays);
        foreach (var pass in plan.Passes)
            arrays += ArraysRead(model, pass.LoopOps, pass.Reductions.Select(r => plan.Reductions[r]), final: false);
        return (plan.Passes.Count + 1, arrays);
    }

    private static int ArraysRead(KernelModel model, IEnumerable<int> ops, IEnumerable<ReductionModel>? operands,
        bool final)
    {
        var read = new HashSet<string>();
        if (final)
        {
            read.Add("g");
            read.Add("p");
        }
        var assigned = new HashSet<int>();
        var operandList = operands?.ToList() ?? new List<ReductionModel>();
        var opSet = new HashSet<int>(ops);
        for (int j = 0; j <= model.Loop.Count; j++)
        {
            foreach (var r in operandList.Where(r => r.Position == j)) Note(r.Operand);
            if (j == model.Loop.Count || !opSet.Contains(j)) continue;
            var op = model.Loop[j];
            Note(op.Value);
            if (op.Kind == LoopKind.AssignState && op.Switch < 0) assigned.Add(op.Index);
            if (op.Kind == LoopKind.AssignGradient) read.Add("g");
            if (op.Kind == LoopKind.AssignParameter) read.Add("p");
        }
        return read.Count;

        void Note(Bound value)
        {
            foreach (var node in value.Nodes())
            {
                if (node.Kind == BoundKind.Gradient) read.Add("g");
                else if (node.Kind == BoundKind.Parameter) read.Add("p");
                else if (node.Kind == BoundKind.State && !assigned.Contains(node.Index)) read.Add("s" + node.Index);
            }
        }
    }
}
