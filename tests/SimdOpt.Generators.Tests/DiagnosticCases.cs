using Microsoft.CodeAnalysis;

namespace SimdOpt.Generators.Tests;

/// <summary>
/// One spec that commits one fault, with what the generator must say about it: the id, the severity, the exact
/// message and the source text the diagnostic points at. docs/diagnostics.md quotes every example and message;
/// <see cref="DiagnosticTests"/> checks both the generator and the document against this table.
/// </summary>
/// <param name="Name">The case's name in test output.</param>
/// <param name="Id">The diagnostic id.</param>
/// <param name="Example">The attributes and the class, as the document quotes them.</param>
/// <param name="Span">The text the diagnostic's location covers.</param>
/// <param name="Message">The exact message.</param>
/// <param name="Severity">The severity.</param>
/// <param name="CompilerWarning">The warning the C# compiler gives the spec itself, if any.</param>
public sealed record DiagnosticCase(string Name, string Id, string Example, string Span, string Message,
    DiagnosticSeverity Severity = DiagnosticSeverity.Error, string? CompilerWarning = null)
{
    /// <summary>The whole source file: the example in a namespace (unless it declares its own), with the spec language
    /// imported.</summary>
    public string Source => "using SimdOpt.Spec;\n\n" + (Example.StartsWith("namespace ", StringComparison.Ordinal) ? "" : "namespace Specs;\n\n") + Example + "\n";

    public override string ToString() => Name;

    public static readonly DiagnosticCase[] All =
    {
        new("class is not partial", "SIMDOPT0001", """
            [Optimizer("probe")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [Update("lr * g")]
            public sealed class Probe;
            """, "Probe", "Optimizer class 'Probe' must be declared partial so the generator can add its kernels"),

        new("class is generic", "SIMDOPT0002", """
            [Optimizer("probe")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [Update("lr * g")]
            public sealed partial class Probe<T>;
            """, "Probe", "Optimizer class 'Probe' cannot be generated: it is generic"),

        new("syntax error in an expression string", "SIMDOPT0003", """
            [Optimizer("probe")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [Update("lr * * g")]
            public sealed partial class Probe;
            """, "*", "Syntax error in expression \"lr * * g\": unexpected '*'"),

        new("unknown name", "SIMDOPT0004", """
            [Optimizer("probe")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [Update("lr * gradient")]
            public sealed partial class Probe;
            """, "gradient", "'gradient' is not declared"),

        new("state read but never declared", "SIMDOPT0004", """
            [Optimizer("probe")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [Hyperparameter("momentum", 0.9, Min = 0, Max = 1)]
            [Update("lr * (momentum * velocity + g)")]
            public sealed partial class Probe;
            """, "velocity", "'velocity' is not declared"),

        new("name declared twice", "SIMDOPT0005", """
            [Optimizer("probe")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [Hyperparameter("lr", 0.2, Min = 0)]
            [Update("lr * g")]
            public sealed partial class Probe;
            """, "\"lr\"", "'lr' is already declared as a hyperparameter"),

        new("flag used as a number", "SIMDOPT0006", """
            [Optimizer("probe")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [Flag("nesterov")]
            [Update("lr * nesterov * g")]
            public sealed partial class Probe;
            """, "nesterov", "Expected a number for '*', but found a condition (flag or comparison)"),

        new("default outside its own range", "SIMDOPT0007", """
            [Optimizer("probe")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [Hyperparameter("beta", 1.5, Min = 0, Max = 1)]
            [Update("lr * beta * g")]
            public sealed partial class Probe;
            """, "1.5", "The default 1.5 of hyperparameter 'beta' lies outside its range [0, 1]"),

        new("range with Min above Max", "SIMDOPT0008", """
            [Optimizer("probe")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [Hyperparameter("beta", 0.5, Min = 1, Max = 0)]
            [Update("lr * beta * g")]
            public sealed partial class Probe;
            """, "Hyperparameter(\"beta\", 0.5, Min = 1, Max = 0)", "Hyperparameter 'beta' has an invalid range: Min (1) is greater than Max (0)"),

        new("name that is not an identifier", "SIMDOPT0009", """
            [Optimizer("probe")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [State("2nd_moment")]
            [Update("lr * g")]
            public sealed partial class Probe;
            """, "\"2nd_moment\"", "'2nd_moment' cannot be used as a name: a name is a letter or '_' followed by ASCII letters, digits or '_'"),

        new("per-element value where a per-step one is required", "SIMDOPT0010", """
            [Optimizer("probe")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [Update("lr * pow(g, 3)")]
            public sealed partial class Probe;
            """, "g", "The argument of 'pow' must be a per-step value, but it reads the per-element value 'g'"),

        new("state assigned but never declared", "SIMDOPT0011", """
            [Optimizer("probe")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [Assign("velocity", "0.9 * velocity + g")]
            [Update("lr * g")]
            public sealed partial class Probe;
            """, "\"velocity\"", "'velocity' cannot be assigned: it is not declared; declare it with [State] or [StepState]"),

        new("state condition that reads the step count", "SIMDOPT0012", """
            [Optimizer("probe")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [Hyperparameter("momentum", 0, Min = 0)]
            [State("velocity", If = "momentum > 0 && t > 1")]
            [Update("lr * g")]
            public sealed partial class Probe;
            """, "momentum > 0 && t > 1", "The condition of state 'velocity' may read only flags and hyperparameters (constants alone only with ! && ||), but it reads 't'"),

        new("unknown function", "SIMDOPT0013", """
            [Optimizer("probe")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [Update("lr * sqr(g)")]
            public sealed partial class Probe;
            """, "sqr(g)", "Unknown function 'sqr'; the functions are sqrt, abs, sign, min, max, clamp, fma, pow, exp, log; the reductions are sum, mean, sumsq, norm, rms, maxabs, count, global_sum, global_sumsq, global_norm, global_maxabs, global_count"),

        new("function with the wrong number of arguments", "SIMDOPT0013", """
            [Optimizer("probe")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [Update("lr * max(g)")]
            public sealed partial class Probe;
            """, "max(g)", "'max' takes 2 arguments, but 1 is given"),

        new("attribute argument that is not a constant string", "SIMDOPT0014", """
            [Optimizer("probe")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [Moment("velocity", "0.9", Of = null)]
            [Update("lr * velocity")]
            public sealed partial class Probe;
            """, "null", "The Of argument of [Moment] must be a constant, non-null string",
            CompilerWarning: "CS8625"),

        new("no update", "SIMDOPT0015", """
            [Optimizer("probe")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [Moment("velocity", "0.9")]
            public sealed partial class Probe;
            """, "Probe", "Optimizer 'probe' has no [Update] and never assigns 'p', so a step changes nothing", DiagnosticSeverity.Warning),

        new("optimizer name with capitals and a space", "SIMDOPT0016", """
            [Optimizer("My Probe")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [Update("lr * g")]
            public sealed partial class Probe;
            """, "\"My Probe\"", "Optimizer name 'My Probe' is invalid: use lower-case letters, digits, '_' and '-', as in \"adamw\""),

        new("value compared with itself", "SIMDOPT0017", """
            [Optimizer("probe")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [Hyperparameter("beta1", 0.9, Min = 0, Max = 1)]
            [Hyperparameter("beta2", 0.999, Min = 0, Max = 1)]
            [Require("beta1 < beta1", "beta1 must be below beta2.")]
            [Update("lr * g")]
            public sealed partial class Probe;
            """, "beta1 < beta1", "'beta1 < beta1' compares 'beta1' with itself, which does not depend on its value (except for NaN); compare two different values"),

        new("condition that never changes", "SIMDOPT0018", """
            [Optimizer("probe")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [Require("0 < 1", "lr must be positive.")]
            [Update("lr * g")]
            public sealed partial class Probe;
            """, "0 < 1", "The [Require] condition reads no hyperparameter, flag, t, per-step state or [Let], so it never changes; remove it or make it depend on one"),

        new("spec attributes without [Optimizer]", "SIMDOPT0019", """
            [Hyperparameter("lr", 0.1, Min = 0)]
            [Update("lr * g")]
            public sealed partial class Probe;
            """, "Probe", "Class 'Probe' carries SimdOpt spec attributes ([Hyperparameter], [Update]) but no [Optimizer], so nothing is generated for it", DiagnosticSeverity.Warning),

        new("optimizer name a referenced assembly uses", "SIMDOPT0020", """
            [Optimizer("adamw")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [Update("lr * g")]
            public sealed partial class Probe;
            """, "\"adamw\"", "Optimizer name 'adamw' is already used by 'SimdOpt.Optimizers.AdamW' of SimdOpt; the registry finds an optimizer by its name, so give this one another"),

        new("type with the full name of a runtime type", "SIMDOPT0021", """
            namespace SimdOpt.Kernels.Internal
            {
                public static class Guard;
            }

            namespace Specs
            {
                [Optimizer("probe")]
                [Hyperparameter("lr", 0.1, Min = 0)]
                [Update("lr * g")]
                public sealed partial class Probe;
            }
            """, "Guard", "'SimdOpt.Kernels.Internal.Guard' has the full name of a type the generated optimizer code refers to, and would hide it; rename it or move it to another namespace"),

        new("member named like a generated member", "SIMDOPT0022", """
            [Optimizer("probe")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [Update("lr * g")]
            public sealed partial class Probe
            {
                public double Lr => 0.5;
            }
            """, "Lr", "'Lr' is also a member the generator adds to 'Probe' (the property of hyperparameter 'lr'); rename it"),

        new("reduction of a per-step value", "SIMDOPT0030", """
            [Optimizer("probe")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [Let("total", "sum(2 * lr)")]
            [Update("lr * g / total")]
            public sealed partial class Probe;
            """, "2 * lr", "The argument of 'sum' is a per-step value, the same for every element; a reduction adds up a per-element value (one that reads g, p, a state or a per-element [Let]) over the tensor"),

        new("reduction inside a reduction", "SIMDOPT0031", """
            [Optimizer("probe")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [Let("spread", "maxabs(g / norm(g))")]
            [Update("lr * g / spread")]
            public sealed partial class Probe;
            """, "norm(g)", "'norm' is inside the argument of 'maxabs'; name the inner reduction with a [Let] first, so the pass that computes it comes before the pass that reads it"),

        new("reduction in a per-step state", "SIMDOPT0032", """
            [Optimizer("probe")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [StepState("largest")]
            [Assign("largest", "max(largest, maxabs(g))")]
            [Update("lr * g / largest")]
            public sealed partial class Probe;
            """, "max(largest, maxabs(g))", "The new value of per-step state 'largest' reads the reduction 'maxabs', which is one tensor's, while the tensors of a parameter group share their per-step state; compute it in a [Let] instead"),

        new("too many passes", "SIMDOPT0033", """
            [Optimizer("probe")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [Assign("g", "g / norm(g)")]
            [Assign("g", "g / norm(g)")]
            [Assign("g", "g / norm(g)")]
            [Assign("g", "g / norm(g)")]
            [Assign("g", "g / norm(g)")]
            [Assign("g", "g / norm(g)")]
            [Assign("g", "g / norm(g)")]
            [Assign("g", "g / norm(g)")]
            [Assign("g", "g / norm(g)")]
            [Update("lr * g")]
            public sealed partial class Probe;
            """, "Probe", "The spec needs 9 reduction passes, but at most 8 passes are supported; each pass is a loop per code path in the generated code"),

        new("step-wide reduction of a clipped gradient", "SIMDOPT0040", """
            [Optimizer("probe")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [Assign("g", "g / norm(g)")]
            [Let("clip", "max(global_norm(g), 1)")]
            [Update("lr * g / clip")]
            public sealed partial class Probe;
            """, "global_norm(g)", "The argument of 'global_norm' reads a value computed from another reduction; a step-wide reduction adds up every tensor of the step, so it may read only what exists before any tensor's step: g, p, the inputs, the states, hyperparameters and flags"),

        new("reduction in an input's condition", "SIMDOPT0032", """
            [Optimizer("probe")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [Input("hessian_estimate", If = "norm(g) > 1")]
            [Assign("g", "g * hessian_estimate", If = "norm(g) > 1")]
            [Update("lr * g")]
            public sealed partial class Probe;
            """, "norm(g) > 1", "The If condition of input 'hessian_estimate' reads the reduction 'norm', which is computed by a pass over the tensor, while whether a step reads an input must be known before any pass, since the passes may read it too"),

        new("conditional input read outside its condition", "SIMDOPT0051", """
            [Optimizer("probe")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [Input("hessian_estimate", If = "t % 10 == 1")]
            [Update("lr * g * hessian_estimate")]
            public sealed partial class Probe;
            """, "hessian_estimate", "Input 'hessian_estimate' is read only on steps when t % 10 == 1 holds, so only a statement with exactly If = \"t % 10 == 1\" may read it (not a [Let], which has no If)"),

        new("mode that is neither train nor eval", "SIMDOPT0052", """
            [Optimizer("probe")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [State("z")]
            [Mode("test", "p", "z")]
            [Update("lr * g")]
            public sealed partial class Probe;
            """, "\"test\"", "'test' is not a mode; an optimizer's modes are \"train\" and \"eval\""),

        new("mode switch reads the gradient", "SIMDOPT0053", """
            [Optimizer("probe")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [State("z")]
            [Mode("eval", "p", "p - lr * g")]
            [Update("lr * g")]
            public sealed partial class Probe;
            """, "g", "A mode switch runs between steps, so it cannot read 'g' (the gradient); it reads p, states, hyperparameters, flags, per-step states and numbers"),

        new("mode switch assigns a per-step state", "SIMDOPT0054", """
            [Optimizer("probe")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [StepState("count")]
            [Mode("eval", "count", "0")]
            [Update("lr * g")]
            public sealed partial class Probe;
            """, "\"count\"", "A mode switch cannot assign 'count': it assigns p or a [State]"),

        new("mode switch computes a reduction", "SIMDOPT0055", """
            [Optimizer("probe")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [State("z")]
            [Mode("eval", "p", "z / norm(z)")]
            [Update("lr * g")]
            public sealed partial class Probe;
            """, "norm(z)", "A mode switch is one pass over each tensor, so it cannot compute the reduction 'norm'"),

        new("mode switch in a spec with reductions", "SIMDOPT0056", """
            [Optimizer("probe")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [State("z")]
            [Mode("eval", "p", "z")]
            [Update("lr * g / norm(g)")]
            public sealed partial class Probe;
            """, "\"eval\"", "A spec that computes reductions ('norm' is one) cannot declare a mode switch yet: the training runtime steps such a spec through the chunk protocol, which has no mode switch"),

        new("input assigned", "SIMDOPT0011", """
            [Optimizer("probe")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [Input("hessian_estimate")]
            [Assign("hessian_estimate", "0")]
            [Update("lr * g * hessian_estimate")]
            public sealed partial class Probe;
            """, "\"hessian_estimate\"", "'hessian_estimate' cannot be assigned: inputs are read-only, like g"),

        new("modulo of a per-element value", "SIMDOPT0010", """
            [Optimizer("probe")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [Update("lr * (g % 2)")]
            public sealed partial class Probe;
            """, "g", "An operand of '%' must be a per-step value, but it reads the per-element value 'g'"),

        new("modulo by the constant zero", "SIMDOPT0050", """
            [Optimizer("probe")]
            [Hyperparameter("lr", 0.1, Min = 0)]
            [Update("lr * g", If = "t % 0 == 1")]
            public sealed partial class Probe;
            """, "0", "'%' by the constant 0 is NaN on every step; take the remainder by a value that is not zero"),
    };
}
