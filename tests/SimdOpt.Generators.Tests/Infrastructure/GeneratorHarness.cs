using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SimdOpt.Generators.Tests.Infrastructure;

/// <summary>
/// Runs the SimdOpt generator in memory with <see cref="CSharpGeneratorDriver"/>, the way the compiler does in a
/// project: the same language version, documentation comments parsed (as with GenerateDocumentationFile), nullable
/// enabled, every warning level on.
/// </summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private static readonly CSharpCompilationOptions CompilationOptions = new(OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true, warningLevel: 9999,
        concurrentBuild: false, deterministic: true);

    /// <summary>The assemblies of the running .NET, which the generated code and the specs compile against.</summary>
    public static readonly ImmutableArray<MetadataReference> Framework = LoadFramework();

    /// <summary>The framework and the built SimdOpt runtime (spec attributes, kernel contracts, shipped
    /// optimizers).</summary>
    public static readonly ImmutableArray<MetadataReference> FrameworkAndRuntime =
        Framework.Add(MetadataReference.CreateFromFile(typeof(SimdOpt.Kernels.OptimizerHyperparameters).Assembly.Location));

    private static readonly CSharpCompilation EmptyWithRuntime = CSharpCompilation.Create("Specs", null, FrameworkAndRuntime, CompilationOptions);

    /// <summary>The SDK's implicit usings for Microsoft.NET.Sdk, which src/SimdOpt enables.</summary>
    public const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static readonly Lazy<CSharpCompilation> LazyEmptyWithRuntimeKernels = new(() =>
        CSharpCompilation.Create("Specs", null, Framework.Add(FrameworkOnly(RuntimeSources("Spec", "Kernels", "Precision")).ToMetadataReference()), CompilationOptions));

    /// <summary>The runtime's sources in <paramref name="folders"/> (under src/SimdOpt), with the implicit
    /// usings.</summary>
    public static IEnumerable<SyntaxTree> RuntimeSources(params string[] folders) =>
        folders.SelectMany(folder => Directory.GetFiles(Path.Combine(RepositoryPaths.RuntimeSources, folder), "*.cs", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal)
            .Select(path => Parse(File.ReadAllText(path), path))
            .Append(Parse(ImplicitUsings, "GlobalUsings.cs"));

    private static ImmutableArray<MetadataReference> LoadFramework()
    {
        string runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        return trusted.Split(Path.PathSeparator)
            .Where(path => string.Equals(Path.GetDirectoryName(path), runtimeDirectory, StringComparison.Ordinal))
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }

    public static SyntaxTree Parse(string source, string path = "Spec.cs") =>
        CSharpSyntaxTree.ParseText(source, ParseOptions, path);

    /// <summary>A compilation of <paramref name="trees"/> against the framework and the built SimdOpt
    /// runtime.</summary>
    public static CSharpCompilation WithRuntime(params SyntaxTree[] trees) => EmptyWithRuntime.AddSyntaxTrees(trees);

    /// <summary>
    /// A compilation of <paramref name="trees"/> against the framework and the runtime without its shipped optimizers
    /// (Spec and Kernels compiled from source): how a shipped spec is compiled on its own, since against the built
    /// runtime, which has it already, its registry name would clash with itself (SIMDOPT0020).
    /// </summary>
    public static CSharpCompilation WithRuntimeKernels(params SyntaxTree[] trees) => LazyEmptyWithRuntimeKernels.Value.AddSyntaxTrees(trees);

    /// <summary>A compilation of <paramref name="trees"/> against the framework only (the runtime comes as
    /// source).</summary>
    public static CSharpCompilation FrameworkOnly(IEnumerable<SyntaxTree> trees) =>
        CSharpCompilation.Create("SimdOptFromSource", trees, Framework, CompilationOptions);

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(new[] { new SimdOptGenerator().AsSourceGenerator() }, parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once over <paramref name="compilation"/> with a fresh driver.</summary>
    public static GeneratorRun Run(Compilation compilation) => Run(CreateDriver(), compilation).Run;

    /// <summary>Runs <paramref name="driver"/> over <paramref name="compilation"/>; returns the run and the driver
    /// holding its cache.</summary>
    public static (GeneratorRun Run, GeneratorDriver Driver) Run(GeneratorDriver driver, Compilation compilation)
    {
        var watch = Stopwatch.StartNew();
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var driverDiagnostics);
        watch.Stop();
        return (new GeneratorRun(compilation, output, driver.GetRunResult(), driverDiagnostics, watch.Elapsed), driver);
    }

    /// <summary>Runs the generator over one spec source compiled against the built runtime.</summary>
    public static GeneratorRun RunSpec(string source) => Run(WithRuntime(Parse(source)));
}

/// <summary>What one generator run produced.</summary>
internal sealed record GeneratorRun(Compilation Input, Compilation Output, GeneratorDriverRunResult Result,
    ImmutableArray<Diagnostic> DriverDiagnostics, TimeSpan Elapsed)
{
    private GeneratorRunResult Single => Result.Results.Single();

    /// <summary>The exception the generator threw, if any.</summary>
    public Exception? Exception => Single.Exception;

    /// <summary>The diagnostics the generator reported (SIMDOPT....).</summary>
    public ImmutableArray<Diagnostic> Diagnostics => Single.Diagnostics;

    public ImmutableArray<GeneratedSourceResult> Sources => Single.GeneratedSources;

    /// <summary>The text of the only generated source.</summary>
    public string SingleSource => Sources.Single().SourceText.ToString();

    /// <summary>Errors and warnings of the spec itself, before generation, except a missing doc comment on the spec
    /// class.</summary>
    public IEnumerable<Diagnostic> InputProblems =>
        Input.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Id != "CS1591");

    /// <summary>Errors and warnings the compiler reports inside the generated files.</summary>
    public IEnumerable<Diagnostic> GeneratedCodeProblems =>
        Output.SyntaxTrees.Where(tree => !Input.SyntaxTrees.Contains(tree))
            .SelectMany(tree => Output.GetSemanticModel(tree).GetDiagnostics())
            .Where(d => d.Severity >= DiagnosticSeverity.Warning);

    /// <summary>A generator crash, as an exception or as the driver's CS8785 warning.</summary>
    public string? Crash =>
        Exception is { } e ? e.ToString()
        : DriverDiagnostics.FirstOrDefault(d => d.Id == "CS8785") is { } failed ? failed.ToString()
        : null;

    /// <summary>The source text a diagnostic of the generator points at (it reports file locations, not tree
    /// locations).</summary>
    public string SpanText(Diagnostic diagnostic)
    {
        var path = diagnostic.Location.GetLineSpan().Path;
        var tree = Input.SyntaxTrees.Single(t => t.FilePath == path);
        return tree.GetText().ToString(diagnostic.Location.SourceSpan);
    }
}
