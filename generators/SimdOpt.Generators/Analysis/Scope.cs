using System.Collections.Generic;
using SimdOpt.Generators.Model;

namespace SimdOpt.Generators.Analysis;

/// <summary>What a name means at one point of the spec.</summary>
internal sealed record Symbol(BoundKind Kind, int Index, string Name, bool IsBool, bool IsPerElement);

/// <summary>
/// The names visible to an expression. Declarations (hyperparameters, flags, states, per-step states, g, p, t)
/// are visible everywhere; a <c>let</c> only after its statement.
/// </summary>
internal sealed class Scope
{
    private readonly Dictionary<string, Symbol> _symbols = new();

    public bool TryAdd(Symbol symbol)
    {
        if (_symbols.ContainsKey(symbol.Name)) return false;
        _symbols[symbol.Name] = symbol;
        return true;
    }

    public bool Contains(string name) => _symbols.ContainsKey(name);

    public Symbol? Find(string name) => _symbols.TryGetValue(name, out var symbol) ? symbol : null;

    /// <summary>A copy of this scope with <paramref name="symbol"/> added.</summary>
    public Scope With(Symbol symbol)
    {
        var scope = Where(_ => true);
        scope.TryAdd(symbol);
        return scope;
    }

    /// <summary>A scope holding only the symbols <paramref name="keep"/> accepts (for Init and state
    /// conditions).</summary>
    public Scope Where(System.Func<Symbol, bool> keep)
    {
        var scope = new Scope();
        foreach (var symbol in _symbols.Values)
            if (keep(symbol)) scope._symbols[symbol.Name] = symbol;
        return scope;
    }
}
