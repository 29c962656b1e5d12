using System.Collections.Generic;
using System.Linq;
using SimdOpt.Generators.Language;
using SimdOpt.Generators.Model;

namespace SimdOpt.Generators.Analysis;

/// <summary>
/// Splits a step with reductions into the fewest passes over memory the data dependences allow. A reduction is
/// computed in pass k when the statements its operand needs (its cone) read only per-step values known after pass
/// k - 1; every reduction of one level shares a pass. A pass only reads: it recomputes its cone from the arrays,
/// which the final pass (the loop, the only one that writes) recomputes again, so no per-element value is stored
/// between passes. Per-step work gets a stage: the number of passes that must have run before it.
/// </summary>
internal static class PassPlanner
{
    /// <summary>Sets the stage of every prologue op in place and returns the plan, or null for a spec without
    /// reductions (or with too many, after reporting it).</summary>
    public static ReductionPlan? Plan(List<PrologueOp> prologue, List<LoopOp> loop,
        IReadOnlyList<ReductionModel> reductions, List<DiagnosticInfo> diagnostics, LocationInfo? at)
    {
        if (reductions.Count == 0) return null;
        if (reductions.Count > Reductions.MaxReductions)
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.TooManyPasses, at, reductions.Count + " reductions",
                Reductions.MaxReductions + " reductions"));
            return null;
        }
        var cones = reductions.Select(r => Cone(loop, r)).ToArray();
        int[] levels = reductions.Select(_ => 1).ToArray();
        int[] stages = new int[prologue.Count];
        // The dependences point backwards in statement order, so this settles in at most one round per reduction.
        for (bool changed = true; changed;)
        {
            changed = false;
            var letStages = new Dictionary<string, int>();
            var coefficientStages = new Dictionary<int, int>();
            var switchStages = new Dictionary<int, int>();
            for (int i = 0; i < prologue.Count; i++)
            {
                var op = prologue[i];
                int stage = StageOf(op.Value, levels, letStages);
                if (op.Condition is not null) stage = System.Math.Max(stage, StageOf(op.Condition, levels, letStages));
                if (stage != stages[i]) changed = true;
                stages[i] = stage;
                if (op.Kind == PrologueKind.Let) letStages[op.Name] = stage;
                else if (op.Kind == PrologueKind.Coefficient) coefficientStages[op.Index] = stage;
                else if (op.Kind == PrologueKind.Switch) switchStages[op.Index] = stage;
            }
            for (int r = 0; r < reductions.Count; r++)
            {
                var reads = cones[r].SelectMany(j => Reads(loop[j])).Concat(reductions[r].Operand.Nodes());
                int level = 1 + reads.Select(node => node.Kind switch
                {
                    BoundKind.Coefficient => coefficientStages.TryGetValue(node.Index, out int s) ? s : 0,
                    BoundKind.Switch => switchStages.TryGetValue(node.Index, out int s) ? s : 0,
                    _ => 0,
                }).DefaultIfEmpty(0).Max();
                if (level != levels[r]) changed = true;
                levels[r] = level;
            }
        }
        int passCount = levels.Max();
        if (passCount > Reductions.MaxPasses)
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.TooManyPasses, at, passCount + " reduction passes",
                Reductions.MaxPasses + " passes"));
            return null;
        }
        for (int i = 0; i < prologue.Count; i++) prologue[i] = prologue[i] with { Stage = stages[i] };
        var passes = Enumerable.Range(1, passCount).Select(k => new PassModel(k,
            Enumerable.Range(0, reductions.Count).Where(r => levels[r] == k).ToEquatableArray(),
            Enumerable.Range(0, reductions.Count).Where(r => levels[r] == k).SelectMany(r => cones[r]).Distinct()
                .OrderBy(j => j).ToEquatableArray())).ToEquatableArray();
        var plan = new ReductionPlan(reductions.Select((r, k) => r with { Pass = levels[k] }).ToEquatableArray(),
            passes);
        return plan with { Passes = PassDemand.Annotate(prologue, loop, plan) };
    }

    // The highest level among the reductions a per-step value reads, directly or through per-step lets.
    private static int StageOf(Bound value, int[] levels, Dictionary<string, int> letStages) =>
        value.Nodes().Select(node => node.Kind switch
        {
            BoundKind.Reduction => levels[node.Index],
            BoundKind.PerStepLet => letStages.TryGetValue(node.Name, out int s) ? s : 0,
            _ => 0,
        }).DefaultIfEmpty(0).Max();

    // The nodes a loop statement reads, with its guard.
    private static IEnumerable<Bound> Reads(LoopOp op) =>
        op.Switch < 0 ? op.Value.Nodes() : op.Value.Nodes().Append(Bound.Leaf(BoundKind.Switch, op.Switch, "", true,
            false));

    /// <summary>
    /// The loop statements before the reduction that its operand depends on, in order: walking back from the
    /// reduction, a statement is needed when it gives a needed value; an unconditional one ends the need for what it
    /// assigns (before it), a guarded one does not.
    /// </summary>
    private static List<int> Cone(List<LoopOp> loop, ReductionModel reduction)
    {
        var needed = new HashSet<string>(reduction.Operand.Nodes().Select(Key).Where(k => k is not null)!);
        var cone = new List<int>();
        for (int j = reduction.Position - 1; j >= 0; j--)
        {
            var op = loop[j];
            string target = Target(op);
            if (!needed.Contains(target)) continue;
            cone.Add(j);
            if (op.Switch < 0) needed.Remove(target);
            foreach (var key in op.Value.Nodes().Select(Key))
                if (key is not null) needed.Add(key);
        }
        cone.Reverse();
        return cone;
    }

    private static string Target(LoopOp op) => op.Kind switch
    {
        LoopKind.Let => "l:" + op.Name,
        LoopKind.AssignState => "s:" + op.Index,
        LoopKind.AssignGradient => "g",
        _ => "p",
    };

    private static string? Key(Bound node) => node.Kind switch
    {
        BoundKind.PerElementLet => "l:" + node.Name,
        BoundKind.State => "s:" + node.Index,
        BoundKind.Gradient => "g",
        BoundKind.Parameter => "p",
        _ => null,
    };
}
