using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SimdOpt.Generators.Analysis;
using SimdOpt.Generators.Emit;
using SimdOpt.Generators.Language;
using SimdOpt.Generators.Model;
using SimdOpt.Generators.Parsing;

namespace SimdOpt.Generators;

/// <summary>
/// The SimdOpt incremental generator, a small compiler: parse (attributes -> <c>SpecModel</c>), analyse
/// (names, types, per-step/per-element split, hoisting -> <c>KernelModel</c> and diagnostics), emit (C# for
/// every backend). Every stage passes plain equatable data, so an edit elsewhere reuses the cached output.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class SimdOptGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline stages, for incrementality tests.</summary>
    public static class Stages
    {
        /// <summary>Attributes read into a spec model.</summary>
        public const string Parse = "SimdOpt.Parse";

        /// <summary>The spec analysed into a kernel model and diagnostics.</summary>
        public const string Analyze = "SimdOpt.Analyze";

        /// <summary>The kernel model alone, without the diagnostics: what Emit is keyed on.</summary>
        public const string Model = "SimdOpt.Model";

        /// <summary>Every [Optimizer] of the compilation: registry names, classes, places.</summary>
        public const string Declarations = "SimdOpt.Declarations";

        /// <summary>The optimizers referenced assemblies register.</summary>
        public const string Referenced = "SimdOpt.Referenced";

        /// <summary>Registry names checked across the compilation and its references.</summary>
        public const string Registry = "SimdOpt.Registry";

        /// <summary>Types of the compilation that hide a type the generated code refers to.</summary>
        public const string HiddenTypes = "SimdOpt.HiddenTypes";

        /// <summary>What the compilation as a whole decides for every generated file.</summary>
        public const string EmitContext = "SimdOpt.EmitContext";

        /// <summary>The kernel model turned into source text.</summary>
        public const string Emit = "SimdOpt.Emit";

        /// <summary>Classes with spec attributes but no [Optimizer], found for a warning.</summary>
        public const string Orphans = "SimdOpt.Orphans";
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                "SimdOpt.Spec.OptimizerAttribute",
                // Records too, so that one gets a diagnostic rather than silence.
                predicate: static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                transform: static (context, cancellationToken) => SpecParser.Parse(context, cancellationToken))
            .WithTrackingName(Stages.Parse);
        var analyzed = parsed
            .Select(static (parsed, _) => SpecAnalyzer.Analyze(parsed))
            .WithTrackingName(Stages.Analyze);
        // Diagnostics are reported from their own step, and Emit sees the model alone: an edit that only moves a
        // diagnostic changes the analysis result but not the model, so the generated source stays cached.
        context.RegisterSourceOutput(analyzed.SelectMany(static (result, _) => result.Diagnostics),
            static (output, diagnostic) => output.ReportDiagnostic(diagnostic.ToDiagnostic()));
        var models = analyzed
            .Select(static (result, _) => result.Model)
            .WithTrackingName(Stages.Model);

        // Across the compilation: registry names, hint names that differ only in case, types hiding runtime types.
        var declarations = parsed
            .Select(static (parsed, _) => parsed.Spec is { } spec
                ? new OptimizerDeclaration(spec.OptimizerName, spec.FullName, spec.OptimizerNameLocation)
                : null)
            .Where(static declaration => declaration is not null)
            .Select(static (declaration, _) => declaration!)
            .Collect()
            .WithTrackingName(Stages.Declarations);
        var referenced = context.CompilationProvider
            .Select(static (compilation, cancellationToken) =>
                ReferencedOptimizers.Find(compilation, cancellationToken))
            .WithTrackingName(Stages.Referenced);
        var registry = declarations.Combine(referenced)
            .Select(static (pair, _) => RegistryNameChecker.Check(pair.Left, pair.Right))
            .WithTrackingName(Stages.Registry);
        context.RegisterSourceOutput(registry.SelectMany(static (check, _) => check.Diagnostics),
            static (output, diagnostic) => output.ReportDiagnostic(diagnostic.ToDiagnostic()));
        var hidden = context.CompilationProvider
            .Select(static (compilation, cancellationToken) => HiddenRuntimeTypes.Find(compilation, cancellationToken))
            .Combine(declarations.Select(static (declared, _) => declared.Length > 0))
            // Only a compilation with an optimizer has generated code for a type to break.
            .Select(static (pair, _) => pair.Right ? pair.Left : EquatableArray<HidingType>.Empty)
            .WithTrackingName(Stages.HiddenTypes);
        context.RegisterSourceOutput(hidden.SelectMany(static (types, _) => types),
            static (output, type) => output.ReportDiagnostic(
                DiagnosticInfo.Create(Diagnostics.HiddenRuntimeType, type.Location, type.FullName).ToDiagnostic()));

        var emitContext = declarations.Select(static (declared, _) => HintNames.CaseTwins(declared))
            .Combine(registry.Select(static (check, _) => check.Refused))
            .Combine(hidden.Select(static (types, _) => types.Count > 0))
            .Select(static (pair, _) => new EmitContext(pair.Left.Left, pair.Left.Right, pair.Right))
            .WithTrackingName(Stages.EmitContext);
        var sources = models.Combine(emitContext)
            .Where(static pair => pair.Left is { } model && pair.Right.Generates(model.FullName))
            .Select(static (pair, _) => (HintName: HintNames.For(pair.Left!.FullName, pair.Right.CaseTwins),
                Source: OptimizerEmitter.Emit(pair.Left!)))
            .WithTrackingName(Stages.Emit);
        context.RegisterSourceOutput(sources,
            static (output, source) => output.AddSource(source.HintName, source.Source));

        var orphans = context.SyntaxProvider
            .CreateSyntaxProvider(static (node, _) => OrphanedSpec.IsCandidate(node),
                static (context, cancellationToken) => OrphanedSpec.Find(context, cancellationToken))
            .WithTrackingName(Stages.Orphans);
        context.RegisterSourceOutput(orphans, static (output, diagnostic) =>
        {
            if (diagnostic is not null) output.ReportDiagnostic(diagnostic.ToDiagnostic());
        });
    }
}
