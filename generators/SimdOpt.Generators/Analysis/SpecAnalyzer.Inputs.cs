using System.Collections.Generic;
using System.Linq;
using SimdOpt.Generators.Language;
using SimdOpt.Generators.Model;

namespace SimdOpt.Generators.Analysis;

// Extra per-element inputs ([Input]): read-only spans like g. One read only when a per-step condition holds becomes a
// switch, and only statements guarded by that very switch may read it, so no step that may be given an empty span
// ever loads from it.
internal sealed partial class SpecAnalyzer
{
    private readonly List<InputModel> _inputs = new();

    private const string InputReadBeforePasses = "is computed by a pass over the tensor, while whether a step reads "
        + "an input must be known before any pass, since the passes may read it too";

    private EquatableArray<InputModel> AnalyzeInputs(Scope scope)
    {
        foreach (var input in _spec.Inputs)
        {
            int read = -1;
            if (input.Condition is not null)
            {
                // Whether a step reads an input is known before its reduction passes, which may read it too.
                var condition = _reductions.Refuse(_binder.Bind(input.Condition, scope, wantBool: true),
                    input.Condition, $"The If condition of input '{input.Name}'", InputReadBeforePasses);
                if (condition is null
                    || !PerStep(input.Condition, condition, $"The If condition of input '{input.Name}'")
                    || !Varies(input.Condition, condition, $"The If condition of input '{input.Name}'"))
                    continue;
                read = Switch(condition);
            }
            _inputs.Add(new InputModel(input.Name, Names.Camel(input.Name), input.ConditionText, read));
        }
        return _inputs.ToEquatableArray();
    }

    /// <summary>
    /// Whether <paramref name="value"/>, the value of <paramref name="statement"/> guarded by switch
    /// <paramref name="guard"/> (-1: none; always none for a let), reads each conditional input only under that
    /// input's own switch; reports the first that it does not.
    /// </summary>
    private bool ReadsInputsUnder(Statement statement, Bound value, int guard)
    {
        foreach (var node in value.Nodes().Where(n => n.Kind == BoundKind.Input))
        {
            var input = _inputs.FirstOrDefault(i => i.Name == node.Name);
            if (input is null || input.ReadSwitch < 0 || input.ReadSwitch == guard) continue;
            _diagnostics.Add(DiagnosticInfo.Create(Diagnostics.InputReadOutsideCondition,
                FindName(statement.Value, input.Name) ?? statement.TargetLocation, input.Name,
                input.ConditionText ?? ""));
            return false;
        }
        return true;
    }

    private static LocationInfo? FindName(Expr expr, string name)
    {
        if (expr.Kind == ExprKind.Name && expr.Name == name) return expr.Location;
        return expr.Operands.Select(o => FindName(o, name)).FirstOrDefault(l => l is not null);
    }
}
