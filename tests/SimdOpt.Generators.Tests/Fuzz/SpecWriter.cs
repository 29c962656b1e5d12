using System.Globalization;
using System.Text;

namespace SimdOpt.Generators.Tests.Fuzz;

/// <summary>
/// Random whole specs: declarations and statements of every attribute, names that are odd for C# (keywords, leading
/// digits after '_', generated member names), arguments of the wrong type, attributes shuffled, and class shapes the
/// generator must refuse. Most specs are meant to be valid, so the generated code of many different specs is compiled.
/// </summary>
internal sealed class SpecWriter(Random random)
{
    private static readonly string[] PlainNames = { "lr", "beta1", "beta2", "eps", "weight_decay", "momentum", "rho", "alpha", "decay", "scale", "gamma", "k" };

    private static readonly string[] OddNames =
    {
        "_1a", "simd_opt_run", "simd_opt_step", "simd_opt_prepare", "class", "value", "var", "step", "info", "descriptor", "t", "g", "p",
        "true", "lr_", "l_r", "lR", "__x", "x__y", "reference_equals", "get_type", "équipe", "a b", "", "9x", "hyperparameters",
        "path", "state0", "r0", "vg", "vp", "c", "n", "i", "w", "s0", "t_", "h", "q_x", "l_x", "clone", "to_string", "equals",
    };

    private static readonly string[] ClassNames =
    {
        "Probe", "T", "S0", "On", "Kernels", "SimdOptRun", "SimdOptStep", "Step", "lowercase", "@class", "Vector512", "System",
        "Math", "Guard", "OptimizerHyperparameters", "Span", "Info", "Unsafe", "MemoryMarshal", "Descriptor", "Probe2",
    };

    private static readonly string[] WrongArguments =
    {
        "1", "true", "null", "typeof(int)", "new[] { \"a\" }", "nameof(System.Math)", "\"l\" + \"r\"", "$\"lr\"", "@\"lr\"",
        "\"\"\"lr\"\"\"", "\"l\\u0072\"", "'c'", "1.5", "(string)null", "default", "\"\"", "\" \"", "\"\\u2028\"", "\"lr\\n\"",
    };

    private readonly List<string> _declarations = new();
    private readonly List<string> _statements = new();
    private Vocabulary _names = new();
    private ExpressionWriter _expressions = null!;

    // A clean spec has unique, plain names, valid ranges and string arguments, and no deliberate error: most of them
    // generate code, so many different generated files get compiled.
    private bool _clean;
    private int _unique;

    public string Write(int index)
    {
        _declarations.Clear();
        _statements.Clear();
        _names = new Vocabulary();
        _clean = random.Next(3) == 0;
        _expressions = new ExpressionWriter(random, _names) { Wrong = _clean || random.Next(2) == 0 ? 0 : 0.03 };
        double odd = _clean || random.NextDouble() < 0.7 ? 0 : 0.15;

        var hyperparameterNames = new List<string>();
        int hyperparameters = random.Next(0, 6);
        for (int i = 0; i < hyperparameters; i++)
        {
            string name = Name(odd, i);
            hyperparameterNames.Add(name);
            _names.PerStepNumbers.Add(name);
            _declarations.Add($"[Hyperparameter({Str(name)}, {Default()}{Range()}{Maybe(", Description = " + Literal(Description()))})]");
        }
        for (int i = random.Next(0, 3); i > 0; i--)
        {
            string name = Unique(Pick("amsgrad", "maximize", "nesterov", "centered", "clip") + (odd > 0 && random.Next(3) == 0 ? Name(odd, 9) : ""));
            _names.PerStepConditions.Add(name);
            _declarations.Add($"[Flag({Str(name)}{Maybe(", Default = true")}{Maybe(", Description = " + Literal(Description()))})]");
        }
        for (int i = random.Next(0, 3); i > 0; i--)
        {
            string name = Unique(Pick("exp_avg", "velocity", "acc", "prev", "sum", "m", "v") + (random.Next(4) == 0 ? Name(odd, 7) : ""));
            _names.PerElementNumbers.Add(name);
            string init = random.Next(3) == 0 ? ", Init = " + Str(_expressions.Number(1, true)) : "";
            string condition = _names.PerStepConditions.Count > 0 && random.Next(3) == 0 ? ", If = " + Str(_names.PerStepConditions[0]) : "";
            _declarations.Add($"[State({Str(name)}{init}{condition})]");
        }
        for (int i = random.Next(0, 3); i > 0; i--) Input(odd);
        for (int i = random.Next(0, 3); i > 0; i--)
        {
            string name = Unique(Pick("mu_product", "scale_t", "running", "q") + (random.Next(4) == 0 ? Name(odd, 5) : ""));
            _declarations.Add($"[StepState({Str(name)}{Maybe(", Init = " + Str(_expressions.Number(1, true)))})]");
            _names.PerStepNumbers.Add(name);
            _statements.Add($"[Assign({Str(name)}, {Str(_expressions.Number(2, true))}{Maybe(", If = " + Str(_expressions.Condition(1, true)))})]");
        }

        for (int i = random.Next(1, 8); i > 0; i--) _statements.Add(Statement(odd));
        if (random.Next(8) != 0) _statements.Add($"[Update({Str(random.Next(30) == 0 ? _expressions.Huge() : _expressions.Number(3, false))}{Maybe(", If = " + Str(_expressions.Condition(1, true)), 0.1)})]");

        var attributes = new List<string>(_declarations);
        attributes.AddRange(_statements);
        if (random.Next(5) == 0) Shuffle(attributes);
        if (!_clean && random.Next(10) == 0 && attributes.Count > 0) attributes.Insert(random.Next(attributes.Count), attributes[random.Next(attributes.Count)]);
        string optimizer = $"[Optimizer({Str(!_clean && random.Next(15) == 0 ? Pick("Probe", "my probe", "", "probe-2", "probe_x") : "probe")}{Maybe(", Description = " + Literal(Description()))})]";
        attributes.Insert(random.Next(20) == 0 && attributes.Count > 0 ? random.Next(attributes.Count) : 0, optimizer);
        return Source(index, attributes);
    }

    // An input read on every step is a per-element number like g; one read only when a per-step condition holds is
    // read by a statement under that condition (and, in a spec that is not clean, now and then by one that is not).
    private void Input(double odd)
    {
        string name = Unique(Pick("hessian", "estimate", "h", "extra") + (random.Next(4) == 0 ? Name(odd, 4) : ""));
        if (random.Next(2) == 0)
        {
            _names.PerElementNumbers.Add(name);
            _declarations.Add($"[Input({Str(name)})]");
            return;
        }
        string condition = random.Next(2) == 0
            ? "t % " + Pick("2", "k", "3.5") + " == 1"
            : _expressions.Condition(1, true);
        _declarations.Add($"[Input({Str(name)}, If = {Str(condition)})]");
        string guard = !_clean && random.Next(4) == 0 ? Pick("t > 1", condition + " && t > 2") : condition;
        _statements.Add($"[Update({Str(_expressions.Number(1, false) + " * " + name)}, If = {Str(guard)})]");
    }

    private string Statement(double odd)
    {
        switch (random.Next(10))
        {
            case 0 or 1:
                {
                    string name = Unique(Pick("denom", "delta", "mhat", "rect", "clr", "agreement", "kept", "bias") + (random.Next(5) == 0 ? Name(odd, 3) : ""));
                    bool condition = random.Next(4) == 0;
                    bool perStep = random.Next(2) == 0;
                    string value = condition ? _expressions.Condition(2, perStep) : _expressions.Number(3, perStep);
                    (condition ? perStep ? _names.PerStepConditions : _names.PerElementConditions : perStep ? _names.PerStepNumbers : _names.PerElementNumbers).Add(name);
                    return $"[Let({Str(name)}, {Str(value)})]";
                }
            case 2 or 3:
                {
                    string target = random.Next(6) == 0 ? _clean ? Pick("g", "p") : Pick("g", "p", "lr", "t", "undeclared") : _names.PerElementNumbers.Count > 2 ? _names.PerElementNumbers[2 + random.Next(_names.PerElementNumbers.Count - 2)] : "g";
                    return $"[Assign({Str(target)}, {Str(_expressions.Number(3, false))}{Maybe(", If = " + Str(_expressions.Condition(1, true)), 0.3)})]";
                }
            case 4:
                return $"[Require({Str(_expressions.Condition(2, true))}, {Literal(Description())})]";
            case 5:
                {
                    string name = Unique(Pick("m", "exp_avg", "square_avg", "grad_avg") + (random.Next(3) == 0 ? "2" : ""));
                    _names.PerElementNumbers.Add(name);
                    string of = Maybe(", Of = " + Str(_expressions.Number(2, false)));
                    string condition = _names.PerStepConditions.Count > 0 ? Maybe(", If = " + Str(_names.PerStepConditions[random.Next(_names.PerStepConditions.Count)]), 0.3) : "";
                    return $"[Moment({Str(name)}, {Str(_expressions.Number(1, true))}{of}{condition})]";
                }
            case 6:
                {
                    string state = _names.PerElementNumbers[random.Next(_names.PerElementNumbers.Count)];
                    string name = _clean ? Unique("corrected") : random.Next(2) == 0 ? state + "hat" : Pick("corrected", "vhat2", "bc");
                    _names.PerElementNumbers.Add(name);
                    return $"[BiasCorrection({Str(state)}, {Str(_expressions.Number(1, true))}{(name == state + "hat" ? "" : ", Name = " + Str(name))})]";
                }
            case 7:
                return random.Next(2) == 0
                    ? $"[WeightDecay{Maybe("(" + Str(_expressions.Number(1, true)) + ")", _clean ? 1 : 0.7)}]"
                    : $"[DecoupledWeightDecay{Maybe("(" + Str(_expressions.Number(1, true)) + Maybe(", Scale = " + Str(_expressions.Number(1, true)), _clean ? 1 : 0.5) + ")", _clean ? 1 : 0.7)}]";
            case 8:
                return $"[Maximize{Maybe("(" + Str(_expressions.Condition(1, true)) + ")", _clean ? 1 : 0.6)}]";
            default:
                return $"[Update({Str(_expressions.Number(3, false))})]";
        }
    }

    private string Source(int index, List<string> attributes)
    {
        string className = !_clean && random.Next(6) == 0 ? Pick(ClassNames) : "Probe";
        string ns = random.Next(25) == 0 ? "" : $"namespace Fuzz.G{index};\n\n";
        string lines = string.Join("\n", attributes);
        string declaration = (_clean ? 1 + random.Next(11) : random.Next(12)) switch
        {
            0 => random.Next(9) switch
            {
                0 => $"public sealed class {className};",
                1 => $"public static partial class {className};",
                2 => $"public abstract partial class {className};",
                3 => $"file sealed partial class {className};",
                4 => $"public sealed partial class {className}<TValue>;",
                5 => $"public sealed partial record {className};",
                6 => $"public sealed partial class {className} : System.Exception;",
                7 => $"public sealed partial class {className} : SimdOpt.Kernels.OptimizerHyperparameters;",
                _ => $"public partial class {className} {{ public double Lr2 => 1; }}",
            },
            1 => $"internal sealed partial class {className};",
            _ => $"public sealed partial class {className};",
        };
        var text = new StringBuilder("using SimdOpt.Spec;\n\n").Append(ns);
        switch (_clean ? 2 : random.Next(30))
        {
            case 0:
                text.Append("public static partial class Outer\n{\n").Append(lines).Append('\n').Append(declaration).Append("\n}\n");
                break;
            case 1:
                // [Optimizer] on two parts of one partial class.
                text.Append(lines).Append("\npublic sealed partial class ").Append(className).Append(";\n\n[Optimizer(\"probe\")]\npublic sealed partial class ")
                    .Append(className).Append(";\n");
                break;
            default:
                text.Append(lines).Append('\n').Append(declaration).Append('\n');
                break;
        }
        return text.ToString();
    }

    private string Name(double odd, int slot) =>
        random.NextDouble() < odd ? Pick(OddNames) : Unique(PlainNames[(slot + random.Next(2) * 5) % PlainNames.Length]);

    /// <summary>In a clean spec, <paramref name="name"/> made unique with a number; otherwise as it is, so names
    /// repeat.</summary>
    private string Unique(string name) => _clean ? name + "_" + (++_unique).ToString(CultureInfo.InvariantCulture) : name;

    private string Default() => (_clean ? 5 + random.Next(15) : random.Next(20)) switch
    {
        0 => "double.NaN",
        1 => "double.PositiveInfinity",
        2 => "-1",
        3 => "1e300",
        4 => "2",
        _ => (random.Next(0, 1000) / 1000.0).ToString("R", CultureInfo.InvariantCulture),
    };

    private string Range() => (_clean ? Pick(0, 1, 6) : random.Next(8)) switch
    {
        0 => "",
        1 => ", Min = 0, Max = 1, MaxExclusive = true",
        2 => ", Min = 1, Max = 0",
        3 => ", Min = 0.5, Max = 0.5, MinExclusive = true",
        4 => ", Min = double.NaN",
        5 => ", Max = double.NegativeInfinity",
        _ => ", Min = 0",
    };

    // The contents of a C# string literal, escapes included: markup, line separators, control characters, a lone
    // surrogate.
    private string Description() => random.Next(8) switch
    {
        0 => @"a <b> & \""c\"" \\ d",
        1 => @"line\nbreak\u2028separator\u0085next\u2029para",
        2 => @"bell\u0007 nul\0 esc\u001b",
        3 => @"surrogate \uD800 alone",
        4 => "",
        5 => "*/ /* // ]]> <!-- -->",
        6 => "{0} {{}} %s $x",
        _ => "learning rate",
    };

    /// <summary>A string argument, or now and then something that is not a string constant.</summary>
    private string Str(string value) =>
        !_clean && random.Next(60) == 0 ? Pick(WrongArguments) : "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>A string literal with <paramref name="contents"/> as written (escapes kept), or now and then something
    /// else.</summary>
    private string Literal(string contents) => !_clean && random.Next(60) == 0 ? Pick(WrongArguments) : "\"" + contents + "\"";

    private string Maybe(string text, double probability = 0.5) => random.NextDouble() < probability ? text : "";

    private T Pick<T>(params T[] options) => options[random.Next(options.Length)];

    private void Shuffle<T>(List<T> items)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
