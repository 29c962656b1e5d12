using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SimdOpt.Generators.Tests.Infrastructure;

namespace SimdOpt.Generators.Tests.Fuzz;

/// <summary>How one fuzzed spec ended.</summary>
internal enum FuzzOutcome
{
    /// <summary>The generator reported an error and generated nothing.</summary>
    SimdOptError,

    /// <summary>The C# compiler rejected the spec itself.</summary>
    CompilerError,

    /// <summary>The generated code was compiled and has no error or warning.</summary>
    Compiled,

    /// <summary>The generated code has the shape of code already compiled without problems, and parses
    /// cleanly.</summary>
    SameShapeAsCompiled,

    /// <summary>No class carries [Optimizer] any more (the mutation removed it): not a spec.</summary>
    NotASpec,
}

/// <summary>
/// Judges one fuzzed spec: the generator must not throw, must not take ten seconds, and must end in a diagnostic (the
/// compiler's or its own) or in code that compiles without errors or warnings.
/// </summary>
internal sealed class FuzzOracle
{
    // The limit is there to catch a blow-up (a dispatch of 2^k cases took minutes), not ordinary slowness: a generator
    // run takes milliseconds, but CI runs both test projects at once on two cores, where a run that usually takes 0.3 s
    // was seen to take 1.1 s. Ten seconds keeps that noise out and still fails any exponential growth.
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    // Compiling generated code semantically is the expensive part, so it is done once per shape: the code's tokens with
    // literal values and comments blanked. Literal values and doc comments can only break lexically (a bad escape, a
    // literal out of range, badly formed XML), and every output is parsed with documentation diagnostics for that.
    private readonly HashSet<string> _compiledShapes = new(StringComparer.Ordinal);

    // The first runs in a process JIT the compiler and the generator; the time limit is about the generator's own work.
    private static readonly Lazy<bool> WarmedUp = new(() =>
    {
        for (int i = 0; i < 3; i++)
            GeneratorHarness.RunSpec(DiagnosticCase.All[i].Source.Replace("partial class Probe<T>", "partial class Probe") + "\n// " + i);
        return true;
    });

    public FuzzOracle() => _ = WarmedUp.Value;

    public Dictionary<FuzzOutcome, int> Counts { get; } = Enum.GetValues<FuzzOutcome>().ToDictionary(o => o, _ => 0);

    public List<string> Failures { get; } = new();

    public TimeSpan Slowest { get; private set; }

    public int Cases { get; private set; }

    public int FailureCount { get; private set; }

    public void Check(string source, string label)
    {
        Cases++;
        GeneratorRun run;
        try
        {
            run = GeneratorHarness.RunSpec(source);
        }
        catch (Exception e)
        {
            Fail(label, source, "the driver threw " + e);
            return;
        }
        if (run.Elapsed > Slowest) Slowest = run.Elapsed;
        if (run.Elapsed > Limit) Fail(label, source, $"the generator took {run.Elapsed.TotalMilliseconds:F0} ms");
        if (run.Crash is { } crash)
        {
            Fail(label, source, "the generator crashed: " + crash);
            return;
        }
        var outcome = Judge(run, out string? problem);
        if (problem is not null) Fail(label, source, problem);
        else Counts[outcome!.Value]++;
    }

    private FuzzOutcome? Judge(GeneratorRun run, out string? problem)
    {
        problem = null;
        if (run.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            if (run.Sources.Length == 0) return FuzzOutcome.SimdOptError;
            problem = "the generator reported an error and still generated code";
            return null;
        }
        bool inputErrors = run.Input.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error);
        if (run.Sources.Length == 0)
        {
            if (inputErrors) return FuzzOutcome.CompilerError;
            if (!run.Result.Results.Single().TrackedSteps.TryGetValue(SimdOptGenerator.Stages.Parse, out var parsed) || parsed.IsEmpty)
                return FuzzOutcome.NotASpec;
            problem = "an [Optimizer] class produced neither code nor a diagnostic";
            return null;
        }
        if (inputErrors) return FuzzOutcome.CompilerError;

        var generated = run.Output.SyntaxTrees.Where(tree => !run.Input.SyntaxTrees.Contains(tree)).ToList();
        var lexical = generated.SelectMany(tree => tree.GetDiagnostics()).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        if (lexical.Count > 0)
        {
            problem = "the generated code does not parse: " + string.Join("; ", lexical.Take(3));
            return null;
        }
        string shape = string.Join("\n", generated.Select(Shape));
        if (_compiledShapes.Contains(shape)) return FuzzOutcome.SameShapeAsCompiled;
        // The generated half repeats the spec's class name: a warning the spec's own declaration gets too (CS8981 for a
        // lower-case class name) is the spec's, not the generator's.
        var inputWarnings = run.Input.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Warning)
            .Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var problems = run.GeneratedCodeProblems
            .Where(d => d.Severity != DiagnosticSeverity.Warning || !inputWarnings.Contains(d.Id)).ToList();
        if (problems.Count > 0)
        {
            problem = "the generated code does not compile cleanly: " + string.Join("; ", problems.Take(3).Select(WithLine));
            return null;
        }
        _compiledShapes.Add(shape);
        return FuzzOutcome.Compiled;
    }

    private static string WithLine(Diagnostic diagnostic) =>
        diagnostic + " in: " + diagnostic.Location.SourceTree!.GetText().Lines[diagnostic.Location.GetLineSpan().StartLinePosition.Line].ToString().Trim();

    private static string Shape(SyntaxTree tree)
    {
        var shape = new StringBuilder();
        foreach (var token in tree.GetRoot().DescendantTokens())
            shape.Append(token.Kind() switch
            {
                SyntaxKind.StringLiteralToken => "\"\"",
                SyntaxKind.NumericLiteralToken => "0",
                _ => token.Text,
            }).Append(' ');
        return shape.ToString();
    }

    private void Fail(string label, string source, string problem)
    {
        FailureCount++;
        if (Failures.Count < 20) Failures.Add($"--- {label}: {problem}\n{source}");
        else if (Failures.Count == 20) Failures.Add("... more failures left out");
    }

    public string Summary() =>
        $"{Cases} specs: " + string.Join(", ", Counts.Select(pair => $"{pair.Key} {pair.Value}"))
        + $", failures {FailureCount}; slowest generator run {Slowest.TotalMilliseconds:F1} ms";
}
