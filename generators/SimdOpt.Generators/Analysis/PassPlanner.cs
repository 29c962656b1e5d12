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
        IReadOnlyList<ReductionModel> reductions, IReadOnlyList<LocationInfo?> sites, List<DiagnosticInfo> diagnostics,
        LocationInfo? at)
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
        // A step-wide reduction is added up over every tensor before any tensor's later pass: it is of the first level.
        var late = Enumerable.Range(0, reductions.Count).Where(r => reductions[r].StepWide && levels[r] > 1).ToList();
        foreach (int r in late)
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.StepWideReductionTooLate, sites[r] ?? at,
                reductions[r].Function));
        if (late.Count > 0) return null;
        int passCount = levels.Max();
        if (passCount > Reductions.MaxPasses)
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.TooManyPasses, at, passCount + " reduction passes",
                Reductions.MaxPasses + " passes"));
            return null;
        }
        levels = Postpone(prologue, loop, reductions, cones, levels, passCount);
        SetStages(prologue, levels, stages);
        for (int i = 0; i < prologue.Count; i++) prologue[i] = prologue[i] with { Stage = stages[i] };
        var passes = Enumerable.Range(1, passCount).Select(k => new PassModel(k,
            Enumerable.Range(0, reductions.Count).Where(r => levels[r] == k).ToEquatableArray(),
            Enumerable.Range(0, reductions.Count).Where(r => levels[r] == k).SelectMany(r => cones[r]).Distinct()
                .OrderBy(j => j).ToEquatableArray())).ToEquatableArray();
        var plan = new ReductionPlan(reductions.Select((r, k) => r with
        {
            Pass = levels[k],
            DirectArray = DirectArray(r, loop),
        }).ToEquatableArray(), passes);
        return plan with { Passes = PassDemand.Annotate(prologue, loop, plan) };
    }

    /// <summary>See <see cref="ReductionModel.DirectArray"/>.</summary>
    private static BoundKind? DirectArray(ReductionModel reduction, List<LoopOp> loop)
    {
        var assignment = reduction.Operand.Kind switch
        {
            BoundKind.Parameter => LoopKind.AssignParameter,
            BoundKind.Gradient => LoopKind.AssignGradient,
            _ => (LoopKind?)null,
        };
        if (assignment is null || reduction.Operand.IsBool
            || loop.Take(reduction.Position).Any(op => op.Kind == assignment)) return null;
        return reduction.Operand.Kind;
    }

    /// <summary>
    /// Moves each reduction to the latest pass before its result is needed, when that pass reads every array the
    /// reduction's operand needs anyway: LAMB's ||p|| goes from pass 1 (where only ||g|| must be) to pass 2, beside
    /// ||update||, which reads p too. No pass reads more; an earlier pass may read less, and holds fewer reductions
    /// the flags can leave unused, so it is skipped more often (see <see cref="PassDemand"/>). A reduction is needed
    /// before the first pass whose statements read a per-step value computed from it, else before the final pass.
    /// </summary>
    private static int[] Postpone(List<PrologueOp> prologue, List<LoopOp> loop,
        IReadOnlyList<ReductionModel> models, List<int>[] cones, int[] levels, int passCount)
    {
        var reads = models.Select((model, r) => cones[r].SelectMany(j => Reads(loop[j]))
            .Concat(model.Operand.Nodes()).ToList()).ToArray();
        var arrays = reads.Select(nodes => new HashSet<string>(nodes.Select(ArrayKey).Where(k => k is not null)!))
            .ToArray();
        var reductions = Enumerable.Range(0, levels.Length).ToArray();
        int[] passOf = (int[])levels.Clone();
        for (bool moved = true; moved;)
        {
            moved = false;
            var deadline = Deadlines(prologue, reads, passOf, passCount);
            foreach (int r in reductions)
            {
                int latest = deadline.TryGetValue("r:" + r, out int d) ? d : passCount;
                for (int pass = latest; pass > passOf[r]; pass--)
                {
                    var others = reductions.Where(o => o != r && passOf[o] == pass).SelectMany(o => arrays[o]);
                    if (!arrays[r].IsSubsetOf(others)) continue;
                    passOf[r] = pass;
                    moved = true;
                    break;
                }
            }
        }
        return passOf;
    }

    // The stage by which each coefficient, switch, per-step let and reduction ("c:", "s:", "l:", "r:") must be known:
    // before the first pass whose statements read it, else after the last (the final pass and the rules read it).
    private static Dictionary<string, int> Deadlines(List<PrologueOp> prologue, List<Bound>[] reads, int[] passOf,
        int passCount)
    {
        var deadline = new Dictionary<string, int>();
        void Tighten(string key, int stage) =>
            deadline[key] = deadline.TryGetValue(key, out int d) ? System.Math.Min(d, stage) : stage;
        for (int r = 0; r < reads.Length; r++)
            foreach (var node in reads[r])
            {
                if (node.Kind == BoundKind.Coefficient) Tighten("c:" + node.Index, passOf[r] - 1);
                else if (node.Kind == BoundKind.Switch) Tighten("s:" + node.Index, passOf[r] - 1);
            }
        for (int i = prologue.Count - 1; i >= 0; i--)
        {
            var op = prologue[i];
            string? key = op.Kind switch
            {
                PrologueKind.Let => "l:" + op.Name,
                PrologueKind.Coefficient => "c:" + op.Index,
                PrologueKind.Switch => "s:" + op.Index,
                _ => null,
            };
            int stage = key is not null && deadline.TryGetValue(key, out int d) ? d : passCount;
            var nodes = op.Condition is null ? op.Value.Nodes() : op.Value.Nodes().Concat(op.Condition.Nodes());
            foreach (var node in nodes)
            {
                if (node.Kind == BoundKind.PerStepLet) Tighten("l:" + node.Name, stage);
                else if (node.Kind == BoundKind.Reduction) Tighten("r:" + node.Index, stage);
            }
        }
        return deadline;
    }

    // The stage of every prologue op: the highest pass among the reductions it reads, directly or through lets.
    private static void SetStages(List<PrologueOp> prologue, int[] passOf, int[] stages)
    {
        var letStages = new Dictionary<string, int>();
        for (int i = 0; i < prologue.Count; i++)
        {
            var op = prologue[i];
            int stage = StageOf(op.Value, passOf, letStages);
            if (op.Condition is not null) stage = System.Math.Max(stage, StageOf(op.Condition, passOf, letStages));
            stages[i] = stage;
            if (op.Kind == PrologueKind.Let) letStages[op.Name] = stage;
        }
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

    // The array a node reads from memory, if any.
    private static string? ArrayKey(Bound node) => node.Kind switch
    {
        BoundKind.Input => "x:" + node.Index,
        BoundKind.PerElementLet => null,
        _ => Key(node),
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
