using System;
using System.Collections.Generic;
using System.Linq;
using SimdOpt.Generators.Language;
using SimdOpt.Generators.Model;

namespace SimdOpt.Generators.Analysis;

/// <summary>
/// Collects the reductions of a spec as the analyzer binds its statements: each reduction call becomes reduction
/// <c>k</c>, computed over the per-element values as they stand before the statement that reads it, and is left in the
/// statement as a per-step leaf. Refuses reductions where none can be computed: in initial values and state
/// conditions (settled before any step), and in per-step states (a group's tensors share them; a reduction is one
/// tensor's).
/// </summary>
internal sealed class ReductionCollector
{
    /// <summary>Why an initial value or a state's existence cannot read a reduction.</summary>
    public const string BeforeAnyStep = "is computed during a step, after initial values and the existence of states "
        + "are settled";

    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly List<ReductionModel> _collected = new();
    private readonly Dictionary<(string Function, Bound Operand, int Position), int> _seen = new();
    // Per-step lets whose value reads a reduction, directly or through another such let.
    private readonly Dictionary<string, string> _reductionLets = new();

    private readonly Func<Bound, LocationInfo?> _siteOf;
    private readonly List<LocationInfo?> _sites = new();

    /// <summary>A collector reporting into <paramref name="diagnostics"/>; <paramref name="siteOf"/> tells where a
    /// reduction call the binder returned is written (<see cref="Binder.SiteOf"/>).</summary>
    public ReductionCollector(List<DiagnosticInfo> diagnostics, Func<Bound, LocationInfo?> siteOf)
    {
        _diagnostics = diagnostics;
        _siteOf = siteOf;
    }

    /// <summary>Every reduction, in statement order (its index is its position here).</summary>
    public IReadOnlyList<ReductionModel> Collected => _collected;

    /// <summary>Where each reduction of <see cref="Collected"/> is first written, when known: for diagnostics only,
    /// never in the model.</summary>
    public IReadOnlyList<LocationInfo?> Sites => _sites;

    /// <summary>
    /// Registers every reduction of <paramref name="bound"/>, whose operands see the per-element values after the
    /// first <paramref name="position"/> loop statements, and returns the expression with each replaced by a leaf.
    /// The same reduction of the same operand at the same place is one reduction.
    /// </summary>
    public Bound Extract(Bound bound, int position, Func<Bound, Bound> hoist)
    {
        if (bound.Kind == BoundKind.Reduction && bound.Operands.Count == 1)
        {
            var function = Reductions.Find(bound.Function)!;
            var operand = hoist(bound[0]);
            var key = (function.Name, operand, position);
            if (!_seen.TryGetValue(key, out int index))
            {
                index = _collected.Count;
                _seen[key] = index;
                var reduction = new ReductionModel(index, function.Name, function.Accumulator, function.Finish,
                    operand, position, 0);
                _collected.Add(reduction with { StepWide = function.StepWide });
                _sites.Add(_siteOf(bound));
            }
            return Bound.Leaf(BoundKind.Reduction, index, function.Name, false, false);
        }
        if (bound.Kind != BoundKind.Operator || !bound.Any(b => b.Kind == BoundKind.Reduction)) return bound;
        return bound with
        {
            Operands = bound.Operands.Select(o => Extract(o, position, hoist)).ToEquatableArray(),
        };
    }

    /// <summary>Notes a per-step let, so a per-step state that reads it is refused when it reads a
    /// reduction.</summary>
    public void NoteLet(string name, Bound value)
    {
        if (FirstReduction(value) is { } reduction) _reductionLets[name] = reduction;
    }

    /// <summary>
    /// <paramref name="bound"/> unless it reads a reduction (directly or through a per-step let), which is reported
    /// as <paramref name="what"/> reading a reduction that <paramref name="reason"/>; null when refused or already
    /// null.
    /// </summary>
    public Bound? Refuse(Bound? bound, Expr at, string what, string reason)
    {
        if (bound is null || FirstReduction(bound) is not { } reduction) return bound;
        _diagnostics.Add(DiagnosticInfo.Create(Diagnostics.ReductionNotAllowed, at.Location, what, reduction, reason));
        return null;
    }

    // The first reduction (by function) or reduction-reading let (by name) the expression reads.
    private string? FirstReduction(Bound bound)
    {
        foreach (var node in bound.Nodes())
        {
            if (node.Kind == BoundKind.Reduction) return node.Operands.Count == 1 ? node.Function : node.Name;
            if (node.Kind == BoundKind.PerStepLet && _reductionLets.ContainsKey(node.Name)) return node.Name;
        }
        return null;
    }
}
