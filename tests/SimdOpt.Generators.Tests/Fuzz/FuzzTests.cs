using System.Globalization;
using SimdOpt.Generators.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SimdOpt.Generators.Tests.Fuzz;

// The language is robust: 10,000 random and mutated specs in four classes (so the test runner spreads them over the
// cores), each of which must end in a diagnostic (the compiler's or SimdOpt's) or in generated code that compiles
// without errors or warnings, with no generator exception and no generator run over FuzzOracle.Limit.
// Fixed seeds: every run checks the same specs. Each test prints its tally and the slowest generator run.

internal static class Fuzzing
{
    public static void Verify(ITestOutputHelper output, int count, Func<int, string> spec)
    {
        var oracle = new FuzzOracle();
        for (int i = 0; i < count; i++) oracle.Check(spec(i), "spec " + i);
        output.WriteLine(oracle.Summary());
        Assert.Equal(count, oracle.Cases);
        Assert.True(oracle.FailureCount == 0, oracle.Summary() + "\n" + string.Join("\n", oracle.Failures));
    }

    public static string Probe(params string[] attributes) =>
        "using SimdOpt.Spec;\n\nnamespace Fuzz;\n\n[Optimizer(\"probe\")]\n[Hyperparameter(\"lr\", 0.1, Min = 0)]\n"
        + string.Join("\n", attributes) + "\npublic sealed partial class Probe;\n";
}

/// <summary>The 20 shipped specs with characters deleted, inserted, swapped or replaced, and attribute lines dropped,
/// repeated or moved.</summary>
public sealed class FuzzMutatedShippedSpecs(ITestOutputHelper output)
{
    [Fact]
    public void Three_thousand_mutations_end_in_a_diagnostic_or_in_clean_code()
    {
        var shipped = Directory.GetFiles(RepositoryPaths.Optimizers, "*.cs").Order(StringComparer.Ordinal)
            .Select(path => File.ReadAllText(path).Replace("\r\n", "\n").Replace("namespace SimdOpt.Optimizers;", "namespace Fuzz;"))
            .ToArray();
        Assert.Equal(22, shipped.Length);
        var mutator = new SourceMutator(new Random(20240601));
        Fuzzing.Verify(output, 3000, i => mutator.Mutate(shipped[i % shipped.Length]));
    }
}

/// <summary>Random specs of every attribute, odd names, wrong argument types, shuffled attributes and refused class
/// shapes.</summary>
public sealed class FuzzRandomSpecs(ITestOutputHelper output)
{
    [Fact]
    public void Two_and_a_half_thousand_random_specs_end_in_a_diagnostic_or_in_clean_code()
    {
        var random = new Random(1337);
        var writer = new SpecWriter(random);
        var mutator = new SourceMutator(random);
        Fuzzing.Verify(output, 2500, i => random.Next(5) == 0 ? mutator.Mutate(writer.Write(i)) : writer.Write(i));
    }
}

/// <summary>Garbled expression strings in every place an expression goes.</summary>
public sealed class FuzzGarbledExpressions(ITestOutputHelper output)
{
    private static readonly string[] Places =
    {
        "[Update(\"{0}\")]", "[Let(\"x\", \"{0}\")]\n[Update(\"lr * x\")]", "[Update(\"lr * g\", If = \"{0}\")]",
        "[State(\"s\", Init = \"{0}\")]\n[Update(\"lr * s\")]", "[Require(\"{0}\", \"message\")]\n[Update(\"lr * g\")]",
        "[Moment(\"m\", \"{0}\")]\n[Update(\"lr * m\")]", "[Assign(\"g\", \"{0}\")]\n[Update(\"lr * g\")]",
        "[WeightDecay(\"{0}\")]\n[Update(\"lr * g\")]", "[StepState(\"q\", Init = \"1\")]\n[Assign(\"q\", \"{0}\")]\n[Update(\"lr * q * g\")]",
        "[Moment(\"m\", \"beta1\", Of = \"{0}\")]\n[Update(\"lr * m\")]", "[BiasCorrection(\"exp_avg\", \"{0}\")]\n[Update(\"lr * exp_avghat\")]",
    };

    [Fact]
    public void Three_thousand_garbled_expressions_end_in_a_diagnostic_or_in_clean_code()
    {
        var mutator = new SourceMutator(new Random(4242));
        Fuzzing.Verify(output, 3000, i =>
        {
            string garbled = mutator.Garble().Replace("\\", "\\\\").Replace("\"", "\\\"");
            return Fuzzing.Probe("[Hyperparameter(\"beta1\", 0.9, Min = 0, Max = 1)]", "[Hyperparameter(\"eps\", 1e-8, Min = 0)]",
                "[Hyperparameter(\"weight_decay\", 0, Min = 0)]", "[Flag(\"amsgrad\")]", "[State(\"exp_avg\")]",
                string.Format(CultureInfo.InvariantCulture, Places[i % Places.Length], garbled));
        });
    }
}

/// <summary>Huge and deeply nested expressions, and specs with hundreds of attributes.</summary>
public sealed class FuzzHugeSpecs(ITestOutputHelper output)
{
    [Fact]
    public void Fifteen_hundred_huge_specs_end_in_a_diagnostic_or_in_clean_code()
    {
        var random = new Random(99);
        var expressions = new ExpressionWriter(random, new Vocabulary());
        Fuzzing.Verify(output, 1500, i =>
        {
            if (i % 3 != 0) return Fuzzing.Probe($"[Update(\"{expressions.Huge()}\")]");
            // A chain of lets, each reading the one before: the same few shapes, so compiling them stays cheap.
            int lets = new[] { 60, 150, 400 }[i % 9 / 3];
            var lines = Enumerable.Range(0, lets).Select(k => $"[Let(\"x{k}\", \"{(k == 0 ? "g" : "x" + (k - 1))} * lr\")]");
            return Fuzzing.Probe(lines.Append($"[Update(\"x{lets - 1}\")]").ToArray());
        });
    }
}
