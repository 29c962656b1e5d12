using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using SimdOpt.Generators.Language;
using SimdOpt.Generators.Model;

namespace SimdOpt.Generators.Analysis;

/// <summary>
/// Turns a parsed spec into a <see cref="KernelModel"/>: binds every statement in order, splits per-step work
/// (the prologue, computed once per step in double) from per-element work (the loop), hoists every per-step
/// sub-expression of the loop into a coefficient or a switch, and reports every error it finds.
/// </summary>
internal sealed partial class SpecAnalyzer
{
    private readonly SpecModel _spec;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly Binder _binder;
    private readonly DeclarationChecker _declarations;
    private readonly List<PrologueOp> _prologue = new();
    private readonly List<LoopOp> _loop = new();
    private readonly Dictionary<Bound, int> _coefficients = new();
    private readonly Dictionary<Bound, int> _switches = new();
    private int _coefficientCount;
    private int _switchCount;
    private readonly ReductionCollector _reductions;

    private SpecAnalyzer(SpecModel spec, List<DiagnosticInfo> diagnostics)
    {
        _spec = spec;
        _diagnostics = diagnostics;
        _binder = new Binder(diagnostics);
        _declarations = new DeclarationChecker(diagnostics);
        _reductions = new ReductionCollector(diagnostics, _binder.SiteOf);
    }

    public static AnalysisResult Analyze(ParseResult parsed)
    {
        var diagnostics = new List<DiagnosticInfo>(parsed.Diagnostics);
        if (parsed.Spec is null) return new AnalysisResult(null, diagnostics.ToEquatableArray());
        var model = new SpecAnalyzer(parsed.Spec, diagnostics).Run();
        bool failed = diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error);
        // A sugar attribute binds one expression in two places (WeightDecay's coefficient): report its error once.
        return new AnalysisResult(failed ? null : model, diagnostics.Distinct().ToEquatableArray());
    }

    private KernelModel? Run()
    {
        var scope = _declarations.BuildScope(_spec);
        _declarations.CheckMembers(_spec);
        var initScope = scope.Where(s => s.Kind is BoundKind.Hyperparameter or BoundKind.Flag);
        const string initHint = " here: an initial value may use only hyperparameters, flags and numbers";

        var states = new List<StateModel>();
        foreach (var state in _spec.States)
        {
            var init = _reductions.Refuse(_binder.Bind(state.Init, initScope, wantBool: false, initHint), state.Init,
                "The initial value of a state", ReductionCollector.BeforeAnyStep);
            Bound? condition = null;
            int active = -1;
            if (state.Condition is not null && (condition = BindStateCondition(state, scope)) is not null)
                active = Switch(condition);
            if (init is not null)
                states.Add(new StateModel(state.Name, Names.Camel(state.Name), init, state.InitText, condition,
                    state.ConditionText, active));
        }
        var inputs = AnalyzeInputs(scope);
        var stepStates = new List<StepStateModel>();
        foreach (var stepState in _spec.StepStates)
            if (_reductions.Refuse(_binder.Bind(stepState.Init, initScope, wantBool: false, initHint), stepState.Init,
                "The initial value of a per-step state", ReductionCollector.BeforeAnyStep) is { } init)
                stepStates.Add(new StepStateModel(stepState.Name, Names.Camel(stepState.Name), init,
                    stepState.InitText));

        foreach (var statement in _spec.Statements)
            Analyze(statement, scope);

        RemoveDeadLets();
        var reductionPlan = PassPlanner.Plan(_prologue, _loop, _reductions.Collected, _reductions.Sites, _diagnostics,
            _spec.ClassLocation);
        // Judged on the statements as written, so an update with an error of its own does not also count as missing.
        if (!_isModeSwitch && !_spec.Statements.Any(s => s.Kind == StatementKind.Assign && s.Target == "p"))
            _diagnostics.Add(DiagnosticInfo.Create(Diagnostics.NoUpdate, _spec.ClassLocation, _spec.OptimizerName));

        return new KernelModel(_spec.Namespace, _spec.FullName, _spec.ClassName, _spec.OptimizerName, _spec.Description,
            _spec.Hyperparameters.Select(h => new HyperparameterModel(h.Name, Names.Pascal(h.Name),
                Names.Camel(h.Name), h.Default, h.Min, h.Max, h.MinExclusive, h.MaxExclusive,
                h.Description)).ToEquatableArray(),
            _spec.Flags.Select(f => new FlagModel(f.Name, Names.Pascal(f.Name), Names.Camel(f.Name), f.Default,
                f.Description)).ToEquatableArray(),
            states.ToEquatableArray(), stepStates.ToEquatableArray(), _prologue.ToEquatableArray(),
            _loop.ToEquatableArray(),
            // One more coefficient and switch than the spec needs: the gradient scale every kernel has (KernelModel).
            _coefficientCount + 1, _switchCount + 1, inputs, reductionPlan)
        {
            Registered = _spec.Registered,
            Modes = _isModeSwitch ? EquatableArray<ModeKernel>.Empty : AnalyzeModes(reductionPlan),
        };
    }

    private Bound? BindStateCondition(StateDecl state, Scope scope)
    {
        var condition = _reductions.Refuse(_binder.Bind(state.Condition!, scope, wantBool: true), state.Condition!,
            "The condition of a state", ReductionCollector.BeforeAnyStep);
        if (condition is null) return null;
        // Existence follows the settings (flags and hyperparameters), never the step count or the data; a condition of
        // constants only is held to ! && || so it never compiles to an unreachable branch.
        bool readsSettings = condition.Any(b => b.Kind is BoundKind.Flag or BoundKind.Hyperparameter);
        var offending = readsSettings ? FirstNonSetting(condition) : FirstNonFlag(condition);
        if (offending is null) return condition;
        _diagnostics.Add(DiagnosticInfo.Create(Diagnostics.StateConditionNotSettings, state.Condition!.Location,
            state.Name, offending));
        return null;
    }

    // The first name in the condition that is neither a flag nor a hyperparameter.
    private static string? FirstNonSetting(Bound bound) =>
        bound.Kind is BoundKind.Flag or BoundKind.Hyperparameter or BoundKind.Boolean or BoundKind.Number ? null
        : bound.Kind == BoundKind.Operator ? bound.Operands.Select(FirstNonSetting).FirstOrDefault(n => n is not null)
        : bound.Name;

    // The first name in the condition that is not a flag, or the first operator other than ! && || when it reads only
    // constants.
    private static string? FirstNonFlag(Bound bound)
    {
        if (bound.Kind is BoundKind.Flag or BoundKind.Boolean) return null;
        if (bound.Kind != BoundKind.Operator) return bound.Kind == BoundKind.Number ? null : bound.Name;
        var inner = bound.Operands.Select(FirstNonFlag).FirstOrDefault(n => n is not null);
        return inner ?? (bound.Op is ExprKind.Not or ExprKind.And or ExprKind.Or
            ? null
            : Operations.Symbol(bound.Op, bound.Function));
    }

    private void Analyze(Statement statement, Scope scope)
    {
        switch (statement.Kind)
        {
            case StatementKind.Require:
                if (Extract(_binder.Bind(statement.Value, scope, wantBool: true)) is { } rule
                    && PerStep(statement.Value, rule, "A [Require] condition")
                    && Varies(statement.Value, rule, "The [Require] condition"))
                    _prologue.Add(new PrologueOp(PrologueKind.Require, -1, "", rule, null, statement.Message));
                break;
            case StatementKind.Let:
                AnalyzeLet(statement, scope);
                break;
            case StatementKind.Assign:
                AnalyzeAssign(statement, scope);
                break;
        }
    }

    private void AnalyzeLet(Statement statement, Scope scope)
    {
        var value = Extract(_binder.Bind(statement.Value, scope, wantBool: null));
        if (value is null)
        {
            // Declare it anyway, as invalid, so later uses report neither an unknown name nor a follow-up error.
            _declarations.DeclareLet(scope, new Symbol(BoundKind.Invalid, -1, statement.Target, false, false),
                statement.TargetLocation);
            return;
        }
        bool readable = ReadsInputsUnder(statement, value, -1);
        var kind = !readable ? BoundKind.Invalid
            : value.IsPerElement ? BoundKind.PerElementLet : BoundKind.PerStepLet;
        if (!_declarations.DeclareLet(scope, new Symbol(kind, -1, statement.Target, value.IsBool, value.IsPerElement),
            statement.TargetLocation) || !readable)
            return;
        if (value.IsPerElement)
            _loop.Add(new LoopOp(LoopKind.Let, -1, statement.Target, Hoist(value), -1));
        else
        {
            _reductions.NoteLet(statement.Target, value);
            _prologue.Add(new PrologueOp(PrologueKind.Let, -1, statement.Target, value, null, null));
        }
    }

    private void AnalyzeAssign(Statement statement, Scope scope)
    {
        var target = scope.Find(statement.Target);
        string? refusal = target?.Kind switch
        {
            null => "it is not declared; declare it with [State] or [StepState]",
            BoundKind.Hyperparameter => "hyperparameters are read-only inside a step",
            BoundKind.Flag => "flags are read-only inside a step",
            BoundKind.StepCount => "the step count t is read-only",
            BoundKind.Input => "inputs are read-only, like g",
            BoundKind.PerStepLet or BoundKind.PerElementLet or BoundKind.Invalid
                => "a [Let] value cannot be reassigned; declare a new name",
            _ => null,
        };
        // An undeclared target is reported once, as a target, not again where the value reads it.
        var valueScope = target is null
            ? scope.With(new Symbol(BoundKind.Invalid, -1, statement.Target, false, false))
            : scope;
        var value = Extract(_binder.Bind(statement.Value, valueScope, wantBool: false));
        Bound? condition = statement.Condition is null
            ? null
            : Extract(_binder.Bind(statement.Condition, scope, wantBool: true));
        if (refusal is not null)
        {
            _diagnostics.Add(DiagnosticInfo.Create(Diagnostics.InvalidTarget, statement.TargetLocation,
                statement.Target, refusal));
            return;
        }
        if (value is null || (statement.Condition is not null && condition is null)) return;
        if (condition is not null && !PerStep(statement.Condition!, condition, "The If condition")) return;

        // x = x changes nothing, and emitted as written it would be a self-assignment the compiler warns about
        // (CS1717).
        if (value.Kind == target!.Kind && value.Index == target.Index && value.Name == target.Name) return;

        if (target.Kind == BoundKind.StepState)
        {
            // A group's tensors share their per-step state, and a reduction is one tensor's.
            const string perTensor = "is one tensor's, while the tensors of a parameter group share their per-step "
                + "state; compute it in a [Let] instead";
            if (_reductions.Refuse(value, statement.Value, $"The new value of per-step state '{target.Name}'",
                    perTensor) is null
                || (condition is not null && _reductions.Refuse(condition, statement.Condition!,
                    "The If condition of a per-step assignment", perTensor) is null))
                return;
            // Emitted as "if (condition)" before the loop, where a constant condition is dead code (CS0162).
            if (condition is not null
                && !Varies(statement.Condition!, condition, "The If condition of a per-step assignment"))
                return;
            if (PerStep(statement.Value, value, $"The new value of per-step state '{target.Name}'"))
                _prologue.Add(new PrologueOp(PrologueKind.AssignStepState, target.Index, target.Name, value,
                    condition, null));
            return;
        }
        int guard = condition is null ? -1 : Switch(condition);
        if (!ReadsInputsUnder(statement, value, guard)) return;
        var kind = target.Kind switch
        {
            BoundKind.Gradient => LoopKind.AssignGradient,
            BoundKind.Parameter => LoopKind.AssignParameter,
            _ => LoopKind.AssignState,
        };
        _loop.Add(new LoopOp(kind, target.Index, target.Name, Hoist(value), guard));
    }

    /// <summary>Registers the reductions of a statement's bound expression, computed before the statement, and
    /// leaves them as per-step leaves.</summary>
    private Bound? Extract(Bound? bound) => bound is null ? null : _reductions.Extract(bound, _loop.Count, Hoist);

    private bool Varies(Expr expr, Bound bound, string what)
    {
        if (bound.ReadsAName()) return true;
        _diagnostics.Add(DiagnosticInfo.Create(Diagnostics.ConstantCondition, expr.Location, what));
        return false;
    }

    /// <summary>
    /// Drops per-step lets that nothing after them reads (directly or through another live let): computing them is
    /// wasted, and a constant one would be a local the compiler warns about (CS0219).
    /// </summary>
    private void RemoveDeadLets()
    {
        var live = new HashSet<string>();
        for (int i = _prologue.Count - 1; i >= 0; i--)
        {
            var op = _prologue[i];
            if (op.Kind == PrologueKind.Let && !live.Contains(op.Name))
            {
                _prologue.RemoveAt(i);
                continue;
            }
            var reads = op.Condition is null ? op.Value.Nodes() : op.Value.Nodes().Concat(op.Condition.Nodes());
            foreach (var node in reads)
                if (node.Kind == BoundKind.PerStepLet) live.Add(node.Name);
        }
    }

    private bool PerStep(Expr expr, Bound bound, string what)
    {
        if (!bound.IsPerElement) return true;
        _binder.ReportPerElement(expr, bound, what);
        return false;
    }

    /// <summary>Contracts a loop expression's products and sums (<see cref="Contraction"/>), specialises its quotients
    /// by per-step divisors on the divisor being one (<see cref="QuotientsByOne"/>), then replaces every maximal
    /// per-step sub-expression by a coefficient or a switch.</summary>
    private Bound Hoist(Bound bound) => HoistPerStep(QuotientsByOne.Specialise(Contraction.Contract(bound)));

    private Bound HoistPerStep(Bound bound)
    {
        if (!bound.IsPerElement)
        {
            return bound.IsBool
                ? Bound.Leaf(BoundKind.Switch, Switch(bound), "", true, false)
                : Bound.Leaf(BoundKind.Coefficient, Coefficient(bound), "", false, false);
        }
        if (bound.Kind != BoundKind.Operator) return bound;
        return bound with { Operands = bound.Operands.Select(HoistPerStep).ToEquatableArray() };
    }

    private int Coefficient(Bound value) =>
        Allocate(value, _coefficients, ref _coefficientCount, PrologueKind.Coefficient);

    private int Switch(Bound value) => Allocate(value, _switches, ref _switchCount, PrologueKind.Switch);

    // Identical per-step values share a slot, unless they read a per-step state, whose value changes mid-prologue.
    private int Allocate(Bound value, Dictionary<Bound, int> slots, ref int count, PrologueKind kind)
    {
        bool shareable = !value.Any(b => b.Kind == BoundKind.StepState);
        if (shareable && slots.TryGetValue(value, out int existing)) return existing;
        int index = count++;
        if (shareable) slots[value] = index;
        _prologue.Add(new PrologueOp(kind, index, "", value, null, null));
        return index;
    }
}
