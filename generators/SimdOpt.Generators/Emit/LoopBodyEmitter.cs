using System;
using SimdOpt.Generators.Language;

namespace SimdOpt.Generators.Emit;

/// <summary>
/// Emits the body of the loop for one backend: load g and p, run the per-element statements in order, store p
/// and every state that was assigned. A state is loaded only where it is read before being assigned, and only
/// when it exists; switches (<c>S0.Value</c>, ...) are JIT-time constants, so every guard folds away.
/// </summary>
internal sealed class LoopBodyEmitter
{
    private readonly KernelModel _model;
    private readonly Backend _backend;
    private readonly string _index;
    private readonly bool[] _assignedAlways;
    private readonly List<int>[] _assignedUnder;

    private LoopBodyEmitter(KernelModel model, Backend backend, string index)
    {
        _model = model;
        _backend = backend;
        _index = index;
        _assignedAlways = new bool[model.States.Count];
        _assignedUnder = model.States.Select(_ => new List<int>()).ToArray();
    }

    public static string StateReference(int index) => "r" + index;

    // The loops' storage type parameters (IElementStorage): of p, of g and of every state buffer. The inputs and a
    // pass's operand blocks are always T, read and written as they are.
    public const string ParameterStorage = "SP";
    public const string GradientStorage = "SG";
    public const string StateStorage = "SS";

    public static string InputReference(int index) => "x" + index;

    private static string InputLocal(int index) => "vx" + index;

    /// <summary>The local that holds coefficient <paramref name="index"/>, broadcast once before the loop.</summary>
    public static string CoefficientLocal(int index) => "k" + index;

    private static string StateLocal(int index) => "s" + index;

    private static string SwitchValue(int index) => "S" + index + ".Value";

    /// <summary>Emits the body for the element (or vector) at <paramref name="index"/>, a C# expression of type
    /// nuint.</summary>
    public static void Emit(CodeWriter w, KernelModel model, Backend backend,
        string index) => new LoopBodyEmitter(model, backend, index).Emit(w);

    private void Emit(CodeWriter w)
    {
        string type = _backend.ValueType;
        // A mode switch reads no gradient.
        if (_model.Loop.Any(op => op.Kind == LoopKind.AssignGradient
                || op.Value.Any(b => b.Kind == BoundKind.Gradient)))
            EmitLoadGradient(w);
        w.Line(type + " vp = " + _backend.Load(ParameterStorage, "p", _index) + ";");
        EmitInputLoads(w, _model.Loop.SelectMany(op => op.Value.Nodes()));
        for (int k = 0; k < _model.States.Count; k++)
            if (_model.Loop.Any(op => op.Kind == LoopKind.AssignState && op.Index == k))
                w.Line(type + " " + StateLocal(k) + " = " + _backend.Zero + ";");

        foreach (var op in _model.Loop) EmitOp(w, op);

        w.Line(_backend.Store(ParameterStorage, "vp", "p", _index));
        for (int k = 0; k < _model.States.Count; k++)
        {
            if (!_assignedAlways[k] && _assignedUnder[k].Count == 0) continue;
            var guards = new List<string>();
            if (_model.States[k].ActiveSwitch >= 0) guards.Add(SwitchValue(_model.States[k].ActiveSwitch));
            if (!_assignedAlways[k]) guards.Add("("
                + string.Join(" || ", _assignedUnder[k].Distinct().Select(SwitchValue)) + ")");
            string store = _backend.Store(StateStorage, StateLocal(k), StateReference(k), _index);
            w.Line(guards.Count == 0 ? store : "if (" + string.Join(" && ", guards) + ") " + store);
        }
    }

    // An input is loaded once, where it is read at all; one read only on some steps is loaded only on those (its span
    // may be empty on the others).
    private void EmitInputLoads(CodeWriter w, IEnumerable<Bound> nodes)
    {
        var read = new HashSet<int>(nodes.Where(b => b.Kind == BoundKind.Input).Select(b => b.Index));
        for (int k = 0; k < _model.Inputs.Count; k++)
        {
            if (!read.Contains(k)) continue;
            string load = _backend.Load(InputReference(k), _index);
            int readSwitch = _model.Inputs[k].ReadSwitch;
            w.Line(_backend.ValueType + " " + InputLocal(k) + " = " + (readSwitch < 0 ? load
                : "(" + SwitchValue(readSwitch) + " ? " + load + " : " + _backend.Zero + ")") + ";");
        }
    }

    // g as every statement sees it: times the gradient scale when its switch is on, so a pass reads the same g as
    // the final loop; off, the multiply folds away and the loop is the unscaled one.
    private void EmitLoadGradient(CodeWriter w)
    {
        w.Line(_backend.ValueType + " vg = " + _backend.Load(GradientStorage, "g", _index) + ";");
        w.Line("if (" + SwitchValue(_model.GradientScaleSwitch) + ") vg = " + _backend.Apply(
            Operations.Of(ExprKind.Multiply), new[] { "vg", CoefficientLocal(_model.GradientScaleCoefficient) }) + ";");
    }

    /// <summary>The reference to the operand block of reduction <paramref name="slot"/> of a pass.</summary>
    public static string OperandReference(int slot) => "z" + slot;

    /// <summary>
    /// Emits the body of reduction pass <paramref name="pass"/> for the element (or vector) at
    /// <paramref name="index"/>: only the statements the pass's operands need, in order, each operand stored into its
    /// block where it stands; nothing else is stored, and an array the pass does not need is not read.
    /// </summary>
    public static void EmitPass(CodeWriter w, KernelModel model, PassModel pass, Backend backend, string index) =>
        new LoopBodyEmitter(model, backend, index).EmitPass(w, pass);

    private void EmitPass(CodeWriter w, PassModel pass)
    {
        var plan = _model.Reductions!;
        var ops = pass.LoopOps.Select(j => _model.Loop[j]).ToList();
        var operands = pass.Reductions.Select(r => plan.Reductions[r]).ToList();
        // A direct p is accumulated from its array (ReductionEmitter.EmitChunk): neither loaded nor stored here.
        var nodes = ops.SelectMany(op => op.Value.Nodes()).Concat(operands
            .Where(r => r.DirectArray != BoundKind.Parameter).SelectMany(r => r.Operand.Nodes())).ToList();
        string type = _backend.ValueType;
        if (nodes.Any(b => b.Kind == BoundKind.Gradient) || ops.Any(op => op.Kind == LoopKind.AssignGradient))
            EmitLoadGradient(w);
        if (nodes.Any(b => b.Kind == BoundKind.Parameter) || ops.Any(op => op.Kind == LoopKind.AssignParameter))
            w.Line(type + " vp = " + _backend.Load(ParameterStorage, "p", _index) + ";");
        EmitInputLoads(w, nodes);
        for (int k = 0; k < _model.States.Count; k++)
            if (ops.Any(op => op.Kind == LoopKind.AssignState && op.Index == k))
                w.Line(type + " " + StateLocal(k) + " = " + _backend.Zero + ";");
        for (int j = 0; j <= _model.Loop.Count; j++)
        {
            for (int slot = 0; slot < operands.Count; slot++)
            {
                var direct = operands[slot].DirectArray;
                if (operands[slot].Position != j || direct == BoundKind.Parameter) continue;
                // A direct g is stored only while the gradient scale is on; off, it is taken from its array.
                w.Line((direct == BoundKind.Gradient ? "if (" + SwitchValue(_model.GradientScaleSwitch) + ") " : "")
                    + _backend.Store(Operand(operands[slot]), OperandReference(slot), _index));
            }
            if (j < _model.Loop.Count && pass.LoopOps.Contains(j)) EmitOp(w, _model.Loop[j]);
        }
    }

    // A count's condition counts as 1 where it holds and 0 elsewhere.
    private string Operand(ReductionModel reduction)
    {
        string value = Expr(reduction.Operand);
        if (!reduction.Operand.IsBool) return value;
        return _backend.Apply(Operations.Of(ExprKind.Conditional),
            new[] { value, _backend.Broadcast("T.One"), _backend.Zero });
    }

    private void EmitOp(CodeWriter w, LoopOp op)
    {
        string value = Expr(op.Value);
        string target = op.Kind switch
        {
            LoopKind.AssignGradient => "vg",
            LoopKind.AssignParameter => "vp",
            LoopKind.AssignState => StateLocal(op.Index),
            _ => "var " + PerStepEmitter.LetLocal(op.Name),
        };
        w.Line((op.Switch >= 0 ? "if (" + SwitchValue(op.Switch) + ") " : "") + target + " = " + value + ";");
        if (op.Kind == LoopKind.AssignState)
        {
            if (op.Switch < 0) _assignedAlways[op.Index] = true;
            else _assignedUnder[op.Index].Add(op.Switch);
        }
    }

    private string ReadState(int k)
    {
        if (_assignedAlways[k]) return StateLocal(k);
        string load = _backend.Load(StateStorage, StateReference(k), _index);
        // A state that does not exist under the current flags may have an empty span: never touch its memory.
        if (_model.States[k].ActiveSwitch >= 0)
            load = "(" + SwitchValue(_model.States[k].ActiveSwitch) + " ? " + load + " : " + _backend.Zero + ")";
        if (_assignedUnder[k].Count == 0) return load;
        return "((" + string.Join(" || ", _assignedUnder[k].Distinct().Select(SwitchValue)) + ") ? " + StateLocal(k)
            + " : " + load + ")";
    }

    private string Expr(Bound b) => b.Kind switch
    {
        BoundKind.Coefficient => CoefficientLocal(b.Index),
        BoundKind.Switch => _backend.Mask(SwitchValue(b.Index)),
        BoundKind.Gradient => "vg",
        BoundKind.Parameter => "vp",
        BoundKind.Input => InputLocal(b.Index),
        BoundKind.State => ReadState(b.Index),
        BoundKind.PerElementLet => PerStepEmitter.LetLocal(b.Name),
        BoundKind.Operator => Operator(b),
        _ => throw new InvalidOperationException($"A per-step value ({b.Kind}) was not hoisted out of the loop."),
    };

    private string Operator(Bound b)
    {
        // A per-step condition picks a branch at JIT time; a per-element one selects per element.
        if (b.Op == ExprKind.Conditional && b[0].Kind == BoundKind.Switch)
            return "(" + SwitchValue(b[0].Index) + " ? " + Expr(b[1]) + " : " + Expr(b[2]) + ")";
        return _backend.Apply(Operations.Of(b.Op, b.Function), b.Operands.Select(Expr).ToArray());
    }
}
