using SimdOpt.Kernels;

namespace SimdOpt.Training.Interchange;

/// <summary>How torch 1.13 counts a tensor's steps in its <c>state</c>.</summary>
internal enum TorchStep
{
    /// <summary>Not at all (SGD).</summary>
    None,

    /// <summary>A 0-dimensional float32 tensor (the Adam family, Adagrad).</summary>
    Float32,

    /// <summary>A Python int, which a safetensors file holds as a 0-dimensional I64 tensor (Adadelta, RMSprop,
    /// Rprop).</summary>
    Integer,
}

/// <summary>One key of a torch <c>param_groups</c> entry and what it is in SimdOpt.</summary>
/// <param name="Key">torch's name (e.g. <c>betas</c>).</param>
/// <param name="Names">The SimdOpt hyperparameters or flag it holds: one, or two for a pair such as
/// <c>betas</c> = [<c>beta1</c>, <c>beta2</c>]; none for an option that chooses torch's implementation, not the
/// math (<c>foreach</c>, <c>capturable</c>, <c>differentiable</c>, <c>fused</c>).</param>
/// <param name="IsFlag">Whether the key holds a flag (a JSON boolean).</param>
/// <param name="TorchDefault">For an implementation option: the value SimdOpt writes, as JSON.</param>
/// <param name="AbsentFromTorch">A SimdOpt flag torch 1.13 lacks here (NAdam's and RAdam's <c>maximize</c>): export
/// refuses it when true and leaves it out otherwise; import reads it when a newer torch wrote it.</param>
internal sealed record TorchKey(string Key, string[] Names, bool IsFlag = false, string? TorchDefault = null,
    bool AbsentFromTorch = false)
{
    public bool IsImplementationOption => Names.Length == 0;
}

/// <summary>
/// The torch 1.13 <c>optimizer.state_dict()</c> layout of one SimdOpt optimizer: its torch class, how it counts steps,
/// and its <c>param_groups</c> keys in torch's order. State buffers and per-step states keep their SimdOpt names,
/// which are torch's (<c>exp_avg</c>, <c>momentum_buffer</c>, <c>mu_product</c>, ...).
/// </summary>
internal sealed record TorchOptimizerLayout(string Name, string TorchName, TorchStep Step, TorchKey[] Keys)
{
    private static TorchKey H(string key) => new(key, [key]);

    private static TorchKey Pair(string key, string first, string second) => new(key, [first, second]);

    private static TorchKey F(string key) => new(key, [key], IsFlag: true);

    private static TorchKey Option(string key, string value) => new(key, [], TorchDefault: value);

    private static readonly TorchKey Foreach = Option("foreach", "null");
    private static readonly TorchKey Capturable = Option("capturable", "false");
    private static readonly TorchKey Differentiable = Option("differentiable", "false");
    private static readonly TorchKey Fused = Option("fused", "false");
    private static readonly TorchKey Betas = Pair("betas", "beta1", "beta2");

    /// <summary>Every SimdOpt optimizer that torch.optim has, with the keys torch 1.13 writes (read from its
    /// <c>torch/optim/*.py</c> and checked against its state_dicts by the tests).</summary>
    public static readonly IReadOnlyList<TorchOptimizerLayout> All =
    [
        new("sgd", "SGD", TorchStep.None,
            [H("lr"), H("momentum"), H("dampening"), H("weight_decay"), F("nesterov"), F("maximize"), Foreach,
                Differentiable]),
        new("adagrad", "Adagrad", TorchStep.Float32,
            [H("lr"), H("lr_decay"), H("eps"), H("weight_decay"), H("initial_accumulator_value"), Foreach,
                F("maximize")]),
        new("rmsprop", "RMSprop", TorchStep.Integer,
            [H("lr"), H("momentum"), H("alpha"), H("eps"), F("centered"), H("weight_decay"), Foreach, F("maximize"),
                Differentiable]),
        new("adadelta", "Adadelta", TorchStep.Integer,
            [H("lr"), H("rho"), H("eps"), H("weight_decay"), F("maximize"), Foreach]),
        new("adam", "Adam", TorchStep.Float32,
            [H("lr"), Betas, H("eps"), H("weight_decay"), F("amsgrad"), F("maximize"), Foreach, Capturable,
                Differentiable, Fused]),
        new("adamw", "AdamW", TorchStep.Float32,
            [H("lr"), Betas, H("eps"), H("weight_decay"), F("amsgrad"), Foreach, F("maximize"), Capturable]),
        new("adamax", "Adamax", TorchStep.Float32,
            [H("lr"), Betas, H("eps"), H("weight_decay"), Foreach, F("maximize")]),
        new("nadam", "NAdam", TorchStep.Float32,
            [H("lr"), Betas, H("eps"), H("weight_decay"), H("momentum_decay"), Foreach,
                new("maximize", ["maximize"], IsFlag: true, AbsentFromTorch: true)]),
        new("radam", "RAdam", TorchStep.Float32,
            [H("lr"), Betas, H("eps"), H("weight_decay"), Foreach,
                new("maximize", ["maximize"], IsFlag: true, AbsentFromTorch: true)]),
        new("rprop", "Rprop", TorchStep.Integer,
            [H("lr"), Pair("etas", "eta_minus", "eta_plus"), Pair("step_sizes", "step_size_min", "step_size_max"),
                Foreach, F("maximize")]),
    ];

    /// <summary>The layout of <paramref name="info"/>, or null when torch.optim has no such optimizer (Lion, or one a
    /// user declared).</summary>
    public static TorchOptimizerLayout? Of(OptimizerInfo info) =>
        info.Type.Assembly == typeof(TorchOptimizerLayout).Assembly
            ? All.FirstOrDefault(layout => layout.Name == info.Name)
            : null;

    /// <summary>The key that holds SimdOpt hyperparameter or flag <paramref name="name"/>.</summary>
    public TorchKey KeyOf(string name) => Keys.First(key => key.Names.Contains(name));

    /// <summary>The names of every optimizer with a layout, for messages.</summary>
    public static string Supported => string.Join(", ", All.Select(layout => layout.Name));
}
