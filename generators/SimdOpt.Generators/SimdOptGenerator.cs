using Microsoft.CodeAnalysis;
using SimdOpt.Generators.Analysis;
using SimdOpt.Generators.Emit;
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

        /// <summary>The kernel model turned into source text.</summary>
        public const string Emit = "SimdOpt.Emit";

        /// <summary>Classes with spec attributes but no [Optimizer], found for a warning.</summary>
        public const string Orphans = "SimdOpt.Orphans";
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var analyzed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                "SimdOpt.Spec.OptimizerAttribute",
                // Records too, so that one gets a diagnostic rather than silence.
                predicate: static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.RecordDeclarationSyntax,
                transform: static (context, cancellationToken) => SpecParser.Parse(context, cancellationToken))
            .WithTrackingName(Stages.Parse)
            .Select(static (parsed, _) => SpecAnalyzer.Analyze(parsed))
            .WithTrackingName(Stages.Analyze);

        context.RegisterSourceOutput(analyzed.SelectMany(static (result, _) => result.Diagnostics),
            static (output, diagnostic) => output.ReportDiagnostic(diagnostic.ToDiagnostic()));

        var sources = analyzed
            .Where(static result => result.Model is not null)
            .Select(static (result, _) => (HintName: OptimizerEmitter.HintName(result.Model!), Source: OptimizerEmitter.Emit(result.Model!)))
            .WithTrackingName(Stages.Emit);

        context.RegisterSourceOutput(sources, static (output, source) => output.AddSource(source.HintName, source.Source));

        var orphans = context.SyntaxProvider
            .CreateSyntaxProvider(static (node, _) => OrphanedSpec.IsCandidate(node), static (context, cancellationToken) => OrphanedSpec.Find(context, cancellationToken))
            .WithTrackingName(Stages.Orphans);
        context.RegisterSourceOutput(orphans, static (output, diagnostic) =>
        {
            if (diagnostic is not null) output.ReportDiagnostic(diagnostic.ToDiagnostic());
        });
    }
}
