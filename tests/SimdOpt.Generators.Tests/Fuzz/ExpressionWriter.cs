using System.Globalization;
using System.Text;

namespace SimdOpt.Generators.Tests.Fuzz;

/// <summary>The names an expression may read at one point of a random spec, by kind.</summary>
internal sealed class Vocabulary
{
    public List<string> PerStepNumbers { get; } = new() { "t" };

    public List<string> PerElementNumbers { get; } = new() { "g", "p" };

    public List<string> PerStepConditions { get; } = new();

    public List<string> PerElementConditions { get; } = new();
}

/// <summary>
/// Random expressions of the spec language: mostly well typed over the names in scope, sometimes wrong on purpose
/// (unknown names, a flag where a number belongs, unknown functions, wrong arity), sometimes huge or deeply nested.
/// </summary>
internal sealed class ExpressionWriter(Random random, Vocabulary names)
{
    private static readonly string[] Numbers = { "0", "1", "2", "0.5", "1e-8", "0.999", "3.25", "1e308", "1e999", ".5", "5.", "1E-3", "100" };
    private static readonly string[] Unknown = { "gg", "beta9", "x", "lr2", "velocity", "mu", "nope", "T", "Math", "e" };

    /// <summary>Probability that a node is deliberately wrong.</summary>
    public double Wrong { get; init; } = 0.03;

    public string Number(int depth, bool perStep) => Node(depth, perStep, condition: false);

    public string Condition(int depth, bool perStep) => Node(depth, perStep, condition: true);

    private string Node(int depth, bool perStep, bool condition)
    {
        if (random.NextDouble() < Wrong) return WrongNode(depth, perStep);
        if (depth <= 0 || random.NextDouble() < 0.3) return condition ? ConditionLeaf(perStep) : NumberLeaf(perStep);
        int d = depth - 1;
        if (condition)
            return random.Next(7) switch
            {
                0 or 1 => Number(d, perStep) + " " + Pick("<", "<=", ">", ">=", "==", "!=") + " " + Number(d, perStep),
                2 => "!" + Paren(Condition(d, perStep)),
                3 => Paren(Condition(d, perStep)) + " && " + Paren(Condition(d, perStep)),
                4 => Paren(Condition(d, perStep)) + " || " + Paren(Condition(d, perStep)),
                5 => Paren(Condition(d, perStep)) + " ? " + Paren(Condition(d, perStep)) + " : " + Paren(Condition(d, perStep)),
                _ => ConditionLeaf(perStep),
            };
        return random.Next(10) switch
        {
            // A reduction over the tensor: per step itself, of a per-element argument (a condition for count); a
            // per-step argument, a nested reduction or a place that cannot read one ends in a diagnostic.
            9 => random.Next(7) == 6
                ? "count(" + Condition(d, false) + ")"
                : Pick("sum", "mean", "sumsq", "norm", "rms", "maxabs") + "(" + Number(d, false) + ")",
            0 or 1 => Paren(Number(d, perStep)) + " " + Pick("+", "-", "*", "/") + " " + Paren(Number(d, perStep)),
            2 => "-" + Paren(Number(d, perStep)),
            3 => Pick("sqrt", "abs", "sign") + "(" + Number(d, perStep) + ")",
            4 => Pick("min", "max") + "(" + Number(d, perStep) + ", " + Number(d, perStep) + ")",
            5 => "clamp(" + Number(d, perStep) + ", " + Number(d, perStep) + ", " + Number(d, perStep) + ")",
            6 => random.Next(4) switch
            {
                0 => "pow(" + Number(d, true) + ", " + Number(d, true) + ")",
                1 => "exp(" + Number(d, true) + ")",
                2 => Paren(Number(d, true)) + " % " + Paren(Number(d, true)),
                _ => "log(" + Number(d, true) + ")",
            },
            7 => Paren(Condition(d, perStep)) + " ? " + Paren(Number(d, perStep)) + " : " + Paren(Number(d, perStep)),
            _ => NumberLeaf(perStep),
        };
    }

    private string WrongNode(int depth, bool perStep) => random.Next(7) switch
    {
        0 => Pick(Unknown),
        1 => ConditionLeaf(perStep) + " * " + NumberLeaf(perStep),
        2 => Pick("sqr", "ln", "tanh", "Sqrt", "floor") + "(" + NumberLeaf(perStep) + ")",
        3 => Pick("min", "max", "sqrt", "clamp", "pow") + "(" + NumberLeaf(perStep) + ")",
        4 => random.Next(2) == 0
            ? "pow(" + NumberLeaf(false) + ", 2)"
            : NumberLeaf(false) + " % " + Pick("2", "0", "t"),
        5 => NumberLeaf(perStep) + " " + Pick("+", "*", "?", "&&", "<") + " ",
        _ => NumberLeaf(perStep) + " && " + NumberLeaf(perStep),
    };

    private string NumberLeaf(bool perStep)
    {
        var pool = perStep ? names.PerStepNumbers : names.PerStepNumbers.Concat(names.PerElementNumbers).ToList();
        return random.NextDouble() < 0.3 || pool.Count == 0 ? Pick(Numbers) : Pick(pool);
    }

    private string ConditionLeaf(bool perStep)
    {
        var pool = perStep ? names.PerStepConditions : names.PerStepConditions.Concat(names.PerElementConditions).ToList();
        if (pool.Count > 0 && random.NextDouble() < 0.6) return Pick(pool);
        return random.Next(4) == 0 ? Pick("true", "false") : NumberLeaf(perStep) + " > " + NumberLeaf(perStep);
    }

    private static string Paren(string text) => "(" + text + ")";

    private string Pick(params string[] options) => options[random.Next(options.Length)];

    private string Pick(List<string> options) => options[random.Next(options.Count)];

    /// <summary>An expression far beyond what a person writes: deep nesting, long chains, many calls, or a very long
    /// string.</summary>
    public string Huge()
    {
        int size = random.Next(4) == 0 ? random.Next(150, 400) : random.Next(20, 120);
        var text = new StringBuilder();
        switch (random.Next(5))
        {
            case 0:
                text.Append('(', size).Append('g').Append(')', size);
                break;
            case 1:
                text.Append('g');
                for (int i = 0; i < size * 10; i++) text.Append(" + ").Append(NumberLeaf(false));
                break;
            case 2:
                for (int i = 0; i < size; i++) text.Append("sqrt(");
                text.Append("abs(g)").Append(')', size);
                break;
            case 3:
                for (int i = 0; i < size; i++) text.Append("t > ").Append(i.ToString(CultureInfo.InvariantCulture)).Append(" ? g : ");
                text.Append('p');
                break;
            default:
                text.Append("g * ").Append("1", 0, 1).Append(new string(' ', 4000 + size)).Append("+ p");
                break;
        }
        return text.ToString();
    }
}
