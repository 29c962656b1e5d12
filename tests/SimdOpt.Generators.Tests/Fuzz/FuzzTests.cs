using SimdOpt.Generators.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SimdOpt.Generators.Tests.Fuzz;

/// <summary>
/// The language is robust: 10,000 random and mutated specs, each of which must end in a diagnostic (the compiler's or
/// SimdOpt's) or in generated code that compiles without errors or warnings, with no generator exception and no
/// generator run over <see cref="FuzzOracle.Limit"/>. Fixed seeds: every run checks the same specs.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private static readonly Lazy<string[]> Shipped = new(() => Directory.GetFiles(RepositoryPaths.Optimizers, "*.cs")
        .Order(StringComparer.Ordinal)
        .Select(path => File.ReadAllText(path).Replace("\r\n", "\n").Replace("namespace SimdOpt.Optimizers;", "namespace Fuzz;"))
        .ToArray());

    [Fact]
    public void Mutated_shipped_specs()
    {
        var random = new Random(20240601);
        var mutator = new SourceMutator(random);
        Verify(3000, i =>
        {
            string spec = Shipped.Value[i % Shipped.Value.Length];
            return mutator.Mutate(spec);
        });
    }

    [Fact]
    public void Random_specs()
    {
        var random = new Random(1337);
        var writer = new SpecWriter(random);
        var mutator = new SourceMutator(random);
        Verify(3500, i => random.Next(5) == 0 ? mutator.Mutate(writer.Write(i)) : writer.Write(i));
    }

    [Fact]
    public void Garbled_expression_strings()
    {
        var random = new Random(4242);
        var mutator = new SourceMutator(random);
        string[] places = { "[Update(\"{0}\")]", "[Let(\"x\", \"{0}\")]\n[Update(\"lr * x\")]", "[Update(\"lr * g\", If = \"{0}\")]",
            "[State(\"s\", Init = \"{0}\")]\n[Update(\"lr * s\")]", "[Require(\"{0}\", \"message\")]\n[Update(\"lr * g\")]",
            "[Moment(\"m\", \"{0}\")]\n[Update(\"lr * m\")]", "[Assign(\"g\", \"{0}\")]\n[Update(\"lr * g\")]", "[WeightDecay(\"{0}\")]\n[Update(\"lr * g\")]" };
        Verify(2000, i =>
        {
            string garbled = mutator.Garble().Replace("\\", "\\\\").Replace("\"", "\\\"");
            string statement = string.Format(System.Globalization.CultureInfo.InvariantCulture, places[i % places.Length], garbled);
            return "using SimdOpt.Spec;\n\nnamespace Fuzz;\n\n[Optimizer(\"probe\")]\n[Hyperparameter(\"lr\", 0.1, Min = 0)]\n[Hyperparameter(\"beta1\", 0.9, Min = 0, Max = 1)]\n"
                + "[Hyperparameter(\"eps\", 1e-8, Min = 0)]\n[Hyperparameter(\"weight_decay\", 0, Min = 0)]\n[Flag(\"amsgrad\")]\n[State(\"exp_avg\")]\n"
                + statement + "\npublic sealed partial class Probe;\n";
        });
    }

    [Fact]
    public void Huge_expressions_and_many_attributes()
    {
        var random = new Random(99);
        var expressions = new ExpressionWriter(random, new Vocabulary());
        Verify(1500, i =>
        {
            var lines = new List<string> { "[Optimizer(\"probe\")]", "[Hyperparameter(\"lr\", 0.1, Min = 0)]" };
            if (i % 3 == 0)
            {
                int lets = random.Next(50, 300);
                for (int k = 0; k < lets; k++) lines.Add($"[Let(\"x{k}\", \"{(k == 0 ? "g" : "x" + (k - 1))} * {(random.Next(2) == 0 ? "lr" : "x" + random.Next(k + 1))}\")]");
                lines.Add($"[Update(\"x{lets - 1}\")]");
            }
            else
            {
                lines.Add($"[Update(\"{expressions.Huge()}\")]");
            }
            return "using SimdOpt.Spec;\n\nnamespace Fuzz;\n\n" + string.Join("\n", lines) + "\npublic sealed partial class Probe;\n";
        });
    }

    private void Verify(int count, Func<int, string> spec)
    {
        var oracle = new FuzzOracle();
        for (int i = 0; i < count; i++) oracle.Check(spec(i), "spec " + i);
        output.WriteLine(oracle.Summary());
        Assert.Equal(count, oracle.Cases);
        Assert.True(oracle.FailureCount == 0, oracle.Summary() + "\n" + string.Join("\n", oracle.Failures));
    }
}
