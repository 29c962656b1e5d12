using System.Collections.Generic;
using System.Linq;
using SimdOpt.Generators.Language;
using SimdOpt.Generators.Model;

namespace SimdOpt.Generators.Analysis;

/// <summary>
/// Checks the declarations of a spec — names, duplicates, the C# names made from them, hyperparameter ranges
/// and defaults — and builds the scope the statements are bound in.
/// </summary>
internal sealed class DeclarationChecker
{
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly HashSet<string> _properties = new(System.StringComparer.Ordinal);
    private readonly HashSet<string> _parameters = new(System.StringComparer.Ordinal);

    public DeclarationChecker(List<DiagnosticInfo> diagnostics) => _diagnostics = diagnostics;

    public Scope BuildScope(SpecModel spec)
    {
        CheckOptimizerName(spec);
        _properties.Add(spec.ClassName);
        foreach (var reserved in Names.ReservedMembers) _properties.Add(reserved);
        foreach (var reserved in Names.ReservedParameters) _parameters.Add(reserved);

        var scope = new Scope();
        scope.TryAdd(new Symbol(BoundKind.Gradient, -1, "g", false, true));
        scope.TryAdd(new Symbol(BoundKind.Parameter, -1, "p", false, true));
        scope.TryAdd(new Symbol(BoundKind.StepCount, -1, "t", false, false));

        for (int i = 0; i < spec.Hyperparameters.Count; i++)
        {
            var h = spec.Hyperparameters[i];
            if (Declare(scope, new Symbol(BoundKind.Hyperparameter, i, h.Name, false, false), h.NameLocation,
                property: true))
                CheckRange(h);
        }
        for (int i = 0; i < spec.Flags.Count; i++)
            Declare(scope, new Symbol(BoundKind.Flag, i, spec.Flags[i].Name, true, false), spec.Flags[i].NameLocation,
                property: true);
        for (int i = 0; i < spec.States.Count; i++)
            Declare(scope, new Symbol(BoundKind.State, i, spec.States[i].Name, false, true),
                spec.States[i].NameLocation, property: false);
        for (int i = 0; i < spec.Inputs.Count; i++)
            Declare(scope, new Symbol(BoundKind.Input, i, spec.Inputs[i].Name, false, true),
                spec.Inputs[i].NameLocation, property: false);
        for (int i = 0; i < spec.StepStates.Count; i++)
            Declare(scope, new Symbol(BoundKind.StepState, i, spec.StepStates[i].Name, false, false),
                spec.StepStates[i].NameLocation, property: false);
        return scope;
    }

    /// <summary>
    /// Reports every member the class declares itself under a name the generated part also declares (CS0102 otherwise,
    /// inside generated code): the hyperparameters' and flags' properties and fields, the members every optimizer gets,
    /// the private SimdOpt* members, and a constructor with the generated one's parameters.
    /// </summary>
    public void CheckMembers(SpecModel spec)
    {
        var generated = new Dictionary<string, string>(System.StringComparer.Ordinal);
        foreach (var name in Names.GeneratedMembers) generated[name] = "a member of every optimizer";
        foreach (var h in spec.Hyperparameters)
        {
            generated[Names.Pascal(h.Name)] = $"the property of hyperparameter '{h.Name}'";
            generated[Names.HyperparameterField(h.Name)] = $"the field of hyperparameter '{h.Name}'";
        }
        foreach (var f in spec.Flags)
        {
            generated[Names.Pascal(f.Name)] = $"the property of flag '{f.Name}'";
            generated[Names.FlagField(f.Name)] = $"the field of flag '{f.Name}'";
        }
        string constructor = string.Join(",",
            spec.Hyperparameters.Select(_ => "double").Concat(spec.Flags.Select(_ => "bool")));
        foreach (var member in spec.Members)
        {
            string? clash =
                member.Name == ".ctor"
                    ? (member.Signature == constructor ? "the constructor with every hyperparameter and flag" : null)
                : generated.TryGetValue(member.Name, out var what) ? what
                : member.Name.StartsWith(Names.GeneratedPrefix, System.StringComparison.Ordinal)
                    ? $"the '{Names.GeneratedPrefix}' members are the generator's"
                : null;
            if (clash is not null)
                _diagnostics.Add(DiagnosticInfo.Create(Diagnostics.MemberClash, member.Location,
                    member.Name == ".ctor" ? spec.ClassName + "(" + member.Signature + ")" : member.Name,
                    spec.ClassName, clash));
        }
    }

    /// <summary>Declares a <c>let</c> after checking its name; false when it cannot be declared.</summary>
    public bool DeclareLet(Scope scope, Symbol symbol, LocationInfo? location) =>
        CheckName(symbol.Name, location) && TryAdd(scope, symbol, location);

    private bool Declare(Scope scope, Symbol symbol, LocationInfo? location, bool property)
    {
        if (!CheckName(symbol.Name, location) || !TryAdd(scope, symbol, location)) return false;
        // Distinct spec names can still make the same C# name (ab_c and abC): refuse the second.
        string csharp = property ? Names.Pascal(symbol.Name) : Names.Camel(symbol.Name).TrimStart('@');
        var taken = property ? _properties : _parameters;
        if (property && csharp.StartsWith(Names.GeneratedPrefix, System.StringComparison.Ordinal))
        {
            _diagnostics.Add(DiagnosticInfo.Create(Diagnostics.InvalidName, location, symbol.Name,
                $"its C# name '{csharp}' starts with '{Names.GeneratedPrefix}', which generated members use"));
            return false;
        }
        if (!taken.Add(csharp))
        {
            _diagnostics.Add(DiagnosticInfo.Create(Diagnostics.InvalidName, location, symbol.Name,
                $"its C# name '{csharp}' is already used by another declaration or by the generated class"));
            return false;
        }
        return true;
    }

    private bool TryAdd(Scope scope, Symbol symbol, LocationInfo? location)
    {
        if (scope.TryAdd(symbol)) return true;
        var existing = scope.Find(symbol.Name)!;
        string what = existing.Kind switch
        {
            BoundKind.Gradient or BoundKind.Parameter or BoundKind.StepCount
                => " by the language (g, p and t are built in)",
            BoundKind.Hyperparameter => " as a hyperparameter",
            BoundKind.Flag => " as a flag",
            BoundKind.State => " as a state",
            BoundKind.Input => " as an input",
            BoundKind.StepState => " as a per-step state",
            _ => " by an earlier [Let]",
        };
        _diagnostics.Add(DiagnosticInfo.Create(Diagnostics.DuplicateName, location, symbol.Name, what));
        return false;
    }

    private bool CheckName(string name, LocationInfo? location)
    {
        string? problem =
            !Names.IsIdentifier(name) ? "a name is a letter or '_' followed by ASCII letters, digits or '_'"
            : Names.Pascal(name).Length == 0 ? "a name needs at least one letter or digit"
            : char.IsDigit(Names.Pascal(name)[0])
                ? "after its leading '_' a name must start with a letter, as C# names made from it must"
            : Names.Reserved.Contains(name) ? "it is built into the language"
            : null;
        if (problem is null) return true;
        _diagnostics.Add(DiagnosticInfo.Create(Diagnostics.InvalidName, location, name, problem));
        return false;
    }

    private void CheckOptimizerName(SpecModel spec)
    {
        string name = spec.OptimizerName;
        bool valid = name.Length > 0
            && name.All(c => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-');
        if (!valid)
            _diagnostics.Add(DiagnosticInfo.Create(Diagnostics.InvalidOptimizerName, spec.OptimizerNameLocation, name,
                "use lower-case letters, digits, '_' and '-', as in \"adamw\""));
    }

    private void CheckRange(HyperparameterDecl h)
    {
        string? problem =
            double.IsNaN(h.Min) || double.IsNaN(h.Max) ? "Min and Max must be numbers"
            : double.IsPositiveInfinity(h.Min) || double.IsNegativeInfinity(h.Max) ? "the range holds no finite value"
            : h.Min > h.Max ? $"Min ({Format(h.Min)}) is greater than Max ({Format(h.Max)})"
            : h.Min == h.Max && (h.MinExclusive || h.MaxExclusive) ? "the range is empty"
            : null;
        if (problem is not null)
        {
            _diagnostics.Add(DiagnosticInfo.Create(Diagnostics.InvalidRange, h.AttributeLocation, h.Name, problem));
            return;
        }
        bool inside = !double.IsNaN(h.Default) && !double.IsInfinity(h.Default)
            && (h.MinExclusive ? h.Default > h.Min : h.Default >= h.Min)
            && (h.MaxExclusive ? h.Default < h.Max : h.Default <= h.Max);
        if (!inside)
            _diagnostics.Add(DiagnosticInfo.Create(Diagnostics.DefaultOutOfRange, h.DefaultLocation,
                Format(h.Default), h.Name, Range(h)));
    }

    public static string Range(HyperparameterDecl h) => RangeText.Of(h.Min, h.Max, h.MinExclusive, h.MaxExclusive);

    private static string Format(double value) => RangeText.Bound(value);
}
