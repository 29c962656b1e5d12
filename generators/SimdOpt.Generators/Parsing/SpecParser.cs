using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SimdOpt.Generators.Language;
using SimdOpt.Generators.Model;

namespace SimdOpt.Generators.Parsing;

/// <summary>
/// Reads the attributes of one optimizer class, in source order, into a <see cref="SpecModel"/>: parses every
/// expression string and lowers the sugar attributes (Moment, WeightDecay, ...) into plain statements.
/// </summary>
internal sealed class SpecParser
{
    private const string DefinitionBase = "SimdOpt.Kernels.OptimizerHyperparameters";

    private readonly List<DiagnosticInfo> _diagnostics = new();
    private readonly List<HyperparameterDecl> _hyperparameters = new();
    private readonly List<FlagDecl> _flags = new();
    private readonly List<StateDecl> _states = new();
    private readonly List<StepStateDecl> _stepStates = new();
    private readonly List<InputDecl> _inputs = new();
    private readonly List<Statement> _statements = new();
    private readonly List<ModeStatement> _modes = new();

    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        // [Optimizer] on two parts of one partial class is the compiler's error CS0579; generate (and report) once, for
        // the part that carries the first of them, or both parts would add a source under the same name.
        if (!IsFirstOptimizerAttribute(context)) return new ParseResult(null, EquatableArray<DiagnosticInfo>.Empty);
        var parser = new SpecParser();
        var spec = parser.ParseClass((INamedTypeSymbol)context.TargetSymbol, (TypeDeclarationSyntax)context.TargetNode,
            cancellationToken);
        return new ParseResult(spec, parser._diagnostics.ToEquatableArray());
    }

    private static bool IsFirstOptimizerAttribute(GeneratorAttributeSyntaxContext context)
    {
        var first = context.TargetSymbol.GetAttributes().FirstOrDefault(a => SpecAttributes.IsSpec(a.AttributeClass)
            && SpecAttributes.ShortName(a.AttributeClass) == SpecAttributes.Optimizer);
        var mine = context.Attributes.FirstOrDefault();
        return first is null || mine is null
            || first.ApplicationSyntaxReference?.Span == mine.ApplicationSyntaxReference?.Span
            && first.ApplicationSyntaxReference?.SyntaxTree == mine.ApplicationSyntaxReference?.SyntaxTree;
    }

    private SpecModel? ParseClass(INamedTypeSymbol type, TypeDeclarationSyntax declaration,
        CancellationToken cancellationToken)
    {
        var classLocation = LocationInfo.From(declaration.SyntaxTree, declaration.Identifier.Span);
        if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            Report(Diagnostics.NotPartial, classLocation, type.Name);
            return null;
        }
        string? unsupported =
            type.IsRecord ? "it is a record; declare a plain class"
            : type.ContainingType is not null ? "it is nested in another type; declare it at namespace level"
            : type.IsFileLocal ? "it is file-local, and the generated part is another file; drop 'file'"
            : type.Name == "T" ? "'T' is the type parameter of the generated kernels; rename the class"
            : type.IsGenericType ? "it is generic"
            : type.IsStatic ? "it is static"
            : type.IsAbstract ? "it is abstract"
            : Names.IsReservedMember(type.Name) ? $"'{type.Name}' is the name of a generated member; rename the class"
            : type.BaseType is { SpecialType: not SpecialType.System_Object } baseType
                && baseType.ToDisplayString() != DefinitionBase
                ? $"it derives from '{baseType.ToDisplayString()}'; generated optimizers derive from {DefinitionBase}"
            : null;
        if (unsupported is not null)
        {
            Report(Diagnostics.UnsupportedClass, classLocation, type.Name, unsupported);
            return null;
        }

        string optimizerName = "";
        string? description = null;
        bool registered = true;
        LocationInfo? optimizerNameLocation = classLocation;
        foreach (var data in type.GetAttributes())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!SpecAttributes.IsSpec(data.AttributeClass)) continue;
            // An attribute the compiler could not bind already has a compiler error; nothing to add.
            if (data.AttributeConstructor is null || data.AttributeClass is IErrorTypeSymbol) continue;
            var arguments = new AttributeArguments(data, cancellationToken);
            if (arguments.Name == SpecAttributes.Optimizer)
            {
                optimizerName = RequireString(arguments, 0, "name") ?? "";
                description = arguments.NamedString("Description");
                registered = arguments.NamedBool("Registered", fallback: true);
                optimizerNameLocation = arguments.PositionalLocation(0);
            }
            else
            {
                Read(arguments);
            }
        }

        string? ns = type.ContainingNamespace is { IsGlobalNamespace: false } containing
            ? containing.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", "")
            : null;
        return new SpecModel(ns, FullName(type), type.Name, optimizerName, description, classLocation,
            optimizerNameLocation,
            _hyperparameters.ToEquatableArray(), _flags.ToEquatableArray(), _states.ToEquatableArray(),
            _stepStates.ToEquatableArray(), _statements.ToEquatableArray(), Members(type, cancellationToken),
            _inputs.ToEquatableArray())
        {
            Registered = registered,
            Modes = _modes.ToEquatableArray(),
        };
    }

    /// <summary>The namespace and name without C#'s @ escapes (<c>MyCompany.internal.Lamb</c>).</summary>
    public static string FullName(INamedTypeSymbol type)
    {
        var parts = new List<string> { type.Name };
        for (var ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
            parts.Insert(0, ns.Name);
        return string.Join(".", parts);
    }

    // The members the user wrote, by the names C# code reaches them by (no accessors), and instance constructors.
    private static EquatableArray<MemberDecl> Members(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var members = new List<MemberDecl>();
        foreach (var member in type.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member.IsImplicitlyDeclared
                || member.Locations.FirstOrDefault(l => l.IsInSource) is not { SourceTree: { } tree } location)
                continue;
            if (member is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor)
                members.Add(new MemberDecl(".ctor",
                    string.Join(",", constructor.Parameters.Select(p => p.Type.ToDisplayString())),
                    LocationInfo.From(tree, location.SourceSpan)));
            else if (member.CanBeReferencedByName)
                members.Add(new MemberDecl(member.Name, null, LocationInfo.From(tree, location.SourceSpan)));
        }
        return members.ToEquatableArray();
    }

    // A declaration is kept whenever its name could be read, and a statement whenever its target could, even when one
    // of its expressions has an error (it then holds an Invalid part): later uses of the name report no follow-up
    // errors.
    private void Read(AttributeArguments a)
    {
        switch (a.Name)
        {
            case SpecAttributes.Hyperparameter:
                if (RequireString(a, 0, "name") is { } hyperparameter)
                    _hyperparameters.Add(new HyperparameterDecl(hyperparameter, a.PositionalDouble(1),
                        a.NamedDouble("Min", double.NegativeInfinity), a.NamedDouble("Max", double.PositiveInfinity),
                        a.NamedBool("MinExclusive"), a.NamedBool("MaxExclusive"), a.NamedString("Description"),
                        a.PositionalLocation(0), a.PositionalLocation(1), a.Location));
                break;
            case SpecAttributes.Flag:
                if (RequireString(a, 0, "name") is { } flag)
                    _flags.Add(new FlagDecl(flag, a.NamedBool("Default"), a.NamedString("Description"),
                        a.PositionalLocation(0)));
                break;
            case SpecAttributes.State:
                if (RequireString(a, 0, "name") is { } state)
                    _states.Add(new StateDecl(state, ParseNamed(a, "Init", "0"), a.NamedString("Init") ?? "0",
                        Condition(a), a.NamedString("If"), a.PositionalLocation(0)));
                break;
            case SpecAttributes.StepState:
                if (RequireString(a, 0, "name") is { } stepState)
                    _stepStates.Add(new StepStateDecl(stepState, ParseNamed(a, "Init", "0"),
                        a.NamedString("Init") ?? "0", a.PositionalLocation(0)));
                break;
            case SpecAttributes.Input:
                if (RequireString(a, 0, "name") is { } input)
                    _inputs.Add(new InputDecl(input, Condition(a), a.NamedString("If"), a.PositionalLocation(0)));
                break;
            case SpecAttributes.Let:
                if (RequireString(a, 0, "name") is { } let)
                    _statements.Add(new Statement(StatementKind.Let, let, ParsePositional(a, 1, "expression"), null,
                        null, a.PositionalLocation(0)));
                break;
            case SpecAttributes.Assign:
                if (RequireString(a, 0, "target") is { } target)
                    _statements.Add(new Statement(StatementKind.Assign, target, ParsePositional(a, 1, "expression"),
                        Condition(a), null, a.PositionalLocation(0)));
                break;
            case SpecAttributes.Update:
                var step = ParsePositional(a, 0, "expression");
                var at = a.PositionalLocation(0);
                _statements.Add(new Statement(StatementKind.Assign, "p",
                    Expr.Op(ExprKind.Subtract, at, Expr.Ref("p", at), step), Condition(a), null, at));
                break;
            case SpecAttributes.Require:
                var rule = ParsePositional(a, 0, "condition");
                if (RequireString(a, 1, "message") is { } message)
                    _statements.Add(new Statement(StatementKind.Require, "", rule, null, message,
                        a.PositionalLocation(0)));
                break;
            case SpecAttributes.Maximize:
                ReadMaximize(a);
                break;
            case SpecAttributes.WeightDecay:
                ReadWeightDecay(a);
                break;
            case SpecAttributes.DecoupledWeightDecay:
                ReadDecoupledWeightDecay(a);
                break;
            case SpecAttributes.Moment:
                ReadMoment(a);
                break;
            case SpecAttributes.BiasCorrection:
                ReadBiasCorrection(a);
                break;
            case SpecAttributes.Mode:
                ReadMode(a);
                break;
        }
    }

    // g <- -g under the flag.
    private void ReadMaximize(AttributeArguments a)
    {
        var flag = ParsePositional(a, 0, "flag");
        var at = a.Location;
        _statements.Add(new Statement(StatementKind.Assign, "g", Expr.Op(ExprKind.Negate, at, Expr.Ref("g", at)),
            flag, null, at));
    }

    // g <- g + c * p, skipped when c == 0 so an infinite parameter cannot turn 0 * inf into NaN.
    private void ReadWeightDecay(AttributeArguments a)
    {
        var c = ParsePositional(a, 0, "coefficient");
        var at = a.Location;
        var value = Expr.Op(ExprKind.Add, at, Expr.Ref("g", at), Expr.Op(ExprKind.Multiply, at, c, Expr.Ref("p", at)));
        _statements.Add(new Statement(StatementKind.Assign, "g", value, NonZero(c, at), null, at));
    }

    // p <- p * (1 - scale * c), skipped when c == 0.
    private void ReadDecoupledWeightDecay(AttributeArguments a)
    {
        var c = ParsePositional(a, 0, "coefficient");
        var scale = ParseNamed(a, "Scale", "lr");
        var at = a.Location;
        var factor = Expr.Op(ExprKind.Subtract, at, Expr.Number(1, at), Expr.Op(ExprKind.Multiply, at, scale, c));
        var value = Expr.Op(ExprKind.Multiply, at, Expr.Ref("p", at), factor);
        _statements.Add(new Statement(StatementKind.Assign, "p", value, NonZero(c, at), null, at));
    }

    // The condition "c != 0", or c itself when it could not be read (so its error is not reported twice).
    private static Expr NonZero(Expr c, LocationInfo? at) =>
        c.Kind == ExprKind.Invalid ? c : Expr.Op(ExprKind.NotEqual, at, c, Expr.Number(0, at));

    // Declares the state and updates it: state <- decay * state + (1 - decay) * of.
    private void ReadMoment(AttributeArguments a)
    {
        if (RequireString(a, 0, "state") is not { } state) return;
        var decay = ParsePositional(a, 1, "decay");
        var of = ParseNamed(a, "Of", "g");
        var condition = Condition(a);
        var at = a.PositionalLocation(0);
        _states.Add(new StateDecl(state, Expr.Number(0, at), "0", condition, a.NamedString("If"), at));
        var kept = Expr.Op(ExprKind.Multiply, at, decay, Expr.Ref(state, at));
        var added = Expr.Op(ExprKind.Multiply, at, Expr.Op(ExprKind.Subtract, at, Expr.Number(1, at), decay), of);
        _statements.Add(new Statement(StatementKind.Assign, state, Expr.Op(ExprKind.Add, at, kept, added), condition,
            null, at));
    }

    // Entering the mode assigns target <- expression per element; read like an [Assign], analysed apart from the step.
    private void ReadMode(AttributeArguments a)
    {
        string? mode = RequireString(a, 0, "mode");
        string? target = RequireString(a, 1, "target");
        var value = ParsePositional(a, 2, "expression");
        if (mode is null || target is null) return;
        _modes.Add(new ModeStatement(mode, new Statement(StatementKind.Assign, target, value, Condition(a), null,
            a.PositionalLocation(1)), a.PositionalLocation(0)));
    }

    // name = state / (1 - decay^t).
    private void ReadBiasCorrection(AttributeArguments a)
    {
        var stateName = RequireString(a, 0, "state");
        var decay = ParsePositional(a, 1, "decay");
        if (stateName is not { } state) return;
        string name = a.NamedString("Name") ?? state + "hat";
        var at = a.Location;
        var correction = Expr.Op(ExprKind.Subtract, at, Expr.Number(1, at),
            Expr.Call("pow", at, new[] { decay, Expr.Ref("t", at) }));
        var value = Expr.Op(ExprKind.Divide, at, Expr.Ref(state, a.PositionalLocation(0)), correction);
        _statements.Add(new Statement(StatementKind.Let, name, value, null, null,
            a.NamedString("Name") is null ? a.PositionalLocation(0) : a.NamedLocation("Name")));
    }

    /// <summary>The statement's <c>If</c> condition, or null when it has none.</summary>
    private Expr? Condition(AttributeArguments a) =>
        a.TryNamed("If", out var value) && value is not null ? ParseNamed(a, "If", "true") : null;

    private string? RequireString(AttributeArguments a, int index, string what)
    {
        string? value = a.PositionalString(index);
        if (value is null) Report(Diagnostics.MissingArgument, a.PositionalLocation(index), what, a.Name);
        return value;
    }

    private Expr ParsePositional(AttributeArguments a, int index, string what)
    {
        var source = a.PositionalSource(index);
        if (source is null)
        {
            Report(Diagnostics.MissingArgument, a.PositionalLocation(index), what, a.Name);
            return Expr.Invalid(a.PositionalLocation(index));
        }
        return ParseSource(source);
    }

    private Expr ParseNamed(AttributeArguments a, string name, string fallback)
    {
        if (a.TryNamed(name, out var constant) && constant is not string)
        {
            Report(Diagnostics.MissingArgument, a.NamedLocation(name), name, a.Name);
            return Expr.Invalid(a.NamedLocation(name));
        }
        return ParseSource(a.NamedSource(name) ?? StringSource.Synthetic(fallback, a.Location));
    }

    private Expr ParseSource(StringSource source)
    {
        var expr = ExpressionParser.Parse(source, out var error);
        if (error is not null) _diagnostics.Add(error);
        return expr ?? Expr.Invalid(source.Whole);
    }

    private void Report(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, location, arguments));
}
