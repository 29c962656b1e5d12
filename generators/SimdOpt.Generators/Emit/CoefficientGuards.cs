namespace SimdOpt.Generators.Emit;

/// <summary>
/// When the loop uses each coefficient: under the switches of the statements and per-step branches that hold it. The
/// prologue refuses a non-finite coefficient only when the step uses it, so a value on a branch a flag disables
/// (ADOPT's clipping bound with clipping off) refuses nothing.
/// </summary>
internal static class CoefficientGuards
{
    /// <summary>
    /// The C# condition (over <c>c.S0</c>, ...) under which the loop uses coefficient <paramref name="index"/>: null
    /// when always (or when a guarding switch is computed only after a reduction pass), empty when never;
    /// <paramref name="switches"/> are the switches it reads.
    /// </summary>
    public static string? Condition(KernelModel model, int index, out HashSet<int> switches)
    {
        switches = new HashSet<int>();
        // A reduction's operand is computed in its own pass, whatever the switches: always checked.
        if (model.Reductions is { } plan && plan.Reductions.Any(r => r.Operand.Any(b => IsCoefficient(b, index))))
            return null;
        var uses = new List<List<(int Switch, bool On)>>();
        foreach (var op in model.Loop)
        {
            var guard = new List<(int, bool)>();
            if (op.Switch >= 0) guard.Add((op.Switch, true));
            Collect(op.Value, index, guard, uses);
        }
        if (uses.Count == 0) return "";
        if (uses.Any(u => u.Count == 0)) return null;
        var late = new HashSet<int>(model.Prologue.Where(p => p.Kind == PrologueKind.Switch && p.Stage > 0)
            .Select(p => p.Index));
        if (uses.Any(u => u.Any(s => late.Contains(s.Switch)))) return null;
        switches.UnionWith(uses.SelectMany(u => u.Select(s => s.Switch)));
        var alternatives = uses.Select(u => string.Join(" && ", u.Distinct().Select(s => (s.On ? "" : "!") + "c.S"
            + s.Switch))).Distinct().ToList();
        // Alternatives are parenthesised whole, so "condition && !T.IsFinite(...)" reads as meant.
        return alternatives.Count == 1 ? alternatives[0] : "((" + string.Join(") || (", alternatives) + "))";
    }

    private static bool IsCoefficient(Bound b, int index) => b.Kind == BoundKind.Coefficient && b.Index == index;

    // Every use of the coefficient in the value, with the switches (on or off) that guard it there.
    private static void Collect(Bound value, int index, List<(int, bool)> guard, List<List<(int, bool)>> uses)
    {
        if (IsCoefficient(value, index))
        {
            uses.Add(new List<(int, bool)>(guard));
            return;
        }
        if (value.Kind != BoundKind.Operator) return;
        if (value.Op == ExprKind.Conditional && value[0].Kind == BoundKind.Switch)
        {
            // A per-step condition picks one branch per step; only that branch is computed.
            Collect(value[1], index, new List<(int, bool)>(guard) { (value[0].Index, true) }, uses);
            Collect(value[2], index, new List<(int, bool)>(guard) { (value[0].Index, false) }, uses);
            return;
        }
        foreach (var operand in value.Operands) Collect(operand, index, guard, uses);
    }
}
