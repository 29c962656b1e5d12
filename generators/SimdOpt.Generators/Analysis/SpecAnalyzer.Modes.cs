using System.Collections.Generic;
using System.Linq;
using SimdOpt.Generators.Language;
using SimdOpt.Generators.Model;

namespace SimdOpt.Generators.Analysis;

// The mode switches ([Mode]): each mode's assignments are analysed as a step of their own over the same declarations
// (with no gradient, input or step count), so a switch gets coefficients, switches and a loop exactly like the step's,
// and every path of it gives the same bits.
internal sealed partial class SpecAnalyzer
{
    /// <summary>The two modes of an optimizer with a [Mode]: it starts in, and steps only in, the first.</summary>
    public static readonly string[] ModeNames = { "train", "eval" };

    // True while analysing a mode switch, which need not change p.
    private bool _isModeSwitch;

    private EquatableArray<ModeKernel> AnalyzeModes(ReductionPlan? stepReductions)
    {
        if (_spec.Modes.Count == 0) return EquatableArray<ModeKernel>.Empty;
        if (stepReductions is not null)
        {
            _diagnostics.Add(DiagnosticInfo.Create(Diagnostics.ModeWithReductions,
                _spec.Modes[0].ModeLocation ?? _spec.ClassLocation, stepReductions.Reductions[0].Function));
            return EquatableArray<ModeKernel>.Empty;
        }
        bool valid = true;
        foreach (var mode in _spec.Modes) valid &= CheckMode(mode);
        if (!valid) return EquatableArray<ModeKernel>.Empty;

        var kernels = new List<ModeKernel>();
        foreach (string name in ModeNames)
        {
            var statements = _spec.Modes.Where(m => m.Mode == name).Select(m => m.Assignment).ToEquatableArray();
            var spec = _spec with { Statements = statements, Inputs = EquatableArray<InputDecl>.Empty };
            var analyzer = new SpecAnalyzer(spec, _diagnostics) { _isModeSwitch = true };
            if (analyzer.Run() is { } kernel) kernels.Add(new ModeKernel(name, kernel));
        }
        return kernels.ToEquatableArray();
    }

    // What the step's analysis does not refuse in a switch: an unknown mode, a target other than p or a state, and
    // reading the step's own values (g, t, inputs) or a reduction.
    private bool CheckMode(ModeStatement mode)
    {
        int before = _diagnostics.Count;
        if (!ModeNames.Contains(mode.Mode))
            _diagnostics.Add(DiagnosticInfo.Create(Diagnostics.UnknownMode, mode.ModeLocation, mode.Mode));
        var statement = mode.Assignment;
        if (statement.Target != "p" && !_spec.States.Any(s => s.Name == statement.Target))
            _diagnostics.Add(DiagnosticInfo.Create(Diagnostics.InvalidModeTarget, statement.TargetLocation,
                statement.Target));
        var expressions = statement.Condition is null
            ? new[] { statement.Value }
            : new[] { statement.Value, statement.Condition };
        foreach (var node in expressions.SelectMany(Walk))
        {
            if (node.Kind == ExprKind.Name && StepValue(node.Name) is { } what)
                _diagnostics.Add(DiagnosticInfo.Create(Diagnostics.ModeReadsStepValue, node.Location, node.Name,
                    what));
            else if (node.Kind == ExprKind.Call && Reductions.Find(node.Name) is not null)
                _diagnostics.Add(DiagnosticInfo.Create(Diagnostics.ReductionInMode, node.Location, node.Name));
        }
        return _diagnostics.Count == before;
    }

    // Why a name is a value only a step has, or null.
    private string? StepValue(string name) =>
        name == "g" ? "the gradient"
        : name == "t" ? "the step count"
        : _spec.Inputs.Any(x => x.Name == name) ? "an input of the step"
        : null;

    private static IEnumerable<Expr> Walk(Expr expr) => new[] { expr }.Concat(expr.Operands.SelectMany(Walk));
}
