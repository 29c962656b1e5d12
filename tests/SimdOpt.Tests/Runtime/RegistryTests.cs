using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Runtime;

/// <summary>The registry lists the twenty shipped optimizers with the descriptors their declarations say.</summary>
public sealed class RegistryTests
{
    /// <summary>
    /// Each shipped optimizer: its type, hyperparameters, flags, state buffers (with the flag they depend on) and step
    /// states, in declaration order — torch.optim's names throughout, so golden cases and torch state dicts map 1:1.
    /// </summary>
    public static TheoryData<string, Type, string, string, string, string> Declarations => new()
    {
        { "adadelta", typeof(Adadelta), "lr rho eps weight_decay", "maximize", "square_avg, acc_delta", "" },
        { "adagrad", typeof(Adagrad), "lr lr_decay weight_decay initial_accumulator_value eps", "maximize", "sum", "" },
        { "adam", typeof(Adam), "lr beta1 beta2 eps weight_decay", "amsgrad maximize", "exp_avg, exp_avg_sq, max_exp_avg_sq?amsgrad", "" },
        { "adamax", typeof(Adamax), "lr beta1 beta2 eps weight_decay", "maximize", "exp_avg, exp_inf", "" },
        { "adamw", typeof(AdamW), "lr beta1 beta2 eps weight_decay", "amsgrad maximize", "exp_avg, exp_avg_sq, max_exp_avg_sq?amsgrad", "" },
        { "adan", typeof(Adan), "lr beta1 beta2 beta3 eps weight_decay", "no_prox",
            "neg_pre_grad, exp_avg, exp_avg_diff, exp_avg_sq", "" },
        { "ademamix", typeof(AdEMAMix), "lr beta1 beta2 beta3 alpha eps eps_root weight_decay t_alpha_beta3", "",
            "exp_avg_fast, exp_avg_slow, exp_avg_sq", "" },
        { "adopt", typeof(Adopt), "lr beta1 beta2 eps clip_exp weight_decay", "clip decoupled maximize",
            "exp_avg, exp_avg_sq", "" },
        { "cadamw", typeof(CautiousAdamW), "lr beta1 beta2 eps weight_decay", "amsgrad maximize", "exp_avg, exp_avg_sq, max_exp_avg_sq?amsgrad", "" },
        { "lamb", typeof(Lamb), "lr beta1 beta2 eps weight_decay max_grad_norm", "bias_correction grad_averaging trust_clip always_adapt", "exp_avg, exp_avg_sq", "" },
        { "lars", typeof(Lars), "lr momentum dampening weight_decay trust_coeff eps", "nesterov trust_clip always_adapt", "momentum_buffer?momentum != 0", "" },
        { "lion", typeof(Lion), "lr beta1 beta2 weight_decay", "", "exp_avg", "" },
        { "mars", typeof(Mars), "lr beta1 beta2 eps weight_decay gamma lr_1d_factor", "optimize_1d", "exp_avg, exp_avg_sq, last_grad", "" },
        { "nadam", typeof(NAdam), "lr beta1 beta2 eps weight_decay momentum_decay", "maximize", "exp_avg, exp_avg_sq", "mu_product" },
        { "radam", typeof(RAdam), "lr beta1 beta2 eps weight_decay", "maximize", "exp_avg, exp_avg_sq", "" },
        { "rmsprop", typeof(RmsProp), "lr alpha eps weight_decay momentum", "centered maximize", "square_avg, momentum_buffer?momentum > 0, grad_avg?centered", "" },
        { "rprop", typeof(Rprop), "lr eta_minus eta_plus step_size_min step_size_max", "maximize", "prev, step_size", "" },
        { "sgd", typeof(Sgd), "lr momentum dampening weight_decay", "nesterov maximize", "momentum_buffer?momentum != 0", "" },
        { "sophia", typeof(Sophia), "lr beta1 beta2 rho weight_decay bs update_period", "maximize", "hessian, exp_avg", "" },
        { "schedulefree_adamw", typeof(ScheduleFreeAdamW),
            "lr beta1 beta2 eps weight_decay warmup_steps r weight_lr_power inner_momentum", "exact_train",
            "z, exp_avg_sq, exp_avg?inner_momentum != 0, y?exact_train", "lr_max weight_sum" },
        { "schedulefree_sgd", typeof(ScheduleFreeSgd), "lr momentum weight_decay warmup_steps r weight_lr_power",
            "exact_train", "z, y?exact_train", "lr_max weight_sum" },
        { "stableadamw", typeof(StableAdamW), "lr beta1 beta2 weight_decay eps", "", "exp_avg, exp_avg_sq", "" },
    };

    /// <summary>The shipped optimizers are exactly these twenty-two, in name order.</summary>
    [Fact]
    public void Lists_the_twenty_two_shipped_optimizers() =>
        Assert.Equal(
            ["adadelta", "adagrad", "adam", "adamax", "adamw", "adan", "ademamix", "adopt", "cadamw", "lamb", "lars",
                "lion", "mars", "nadam", "radam", "rmsprop", "rprop", "schedulefree_adamw", "schedulefree_sgd", "sgd",
                "sophia", "stableadamw"],
            Registered.BuiltIn.Select(i => i.Name));

    /// <summary>Each descriptor says what its declaration says, and is the one the type and its instances
    /// report.</summary>
    [Theory]
    [MemberData(nameof(Declarations))]
    public void Descriptor_matches_the_declaration(string name, Type type, string hyperparameters, string flags, string states, string stepStates)
    {
        var info = OptimizerRegistry.Get(name);
        Assert.Equal(type, info.Type);
        Assert.Equal(name, info.Name);
        Assert.False(string.IsNullOrWhiteSpace(info.Description));
        Assert.Equal(Words(hyperparameters), info.Hyperparameters.Select(h => h.Name));
        Assert.Equal(Words(flags), info.Flags.Select(f => f.Name));
        Assert.Equal(states.Split(", ", StringSplitOptions.RemoveEmptyEntries), info.States.Select(s => s.Condition is null ? s.Name : s.Name + "?" + s.Condition));
        Assert.Equal(Words(stepStates), info.StepStates.Select(s => s.Name));
        Assert.Same(info, type.GetProperty("Descriptor")!.GetValue(null));
        var instance = info.Create();
        Assert.IsType(type, instance);
        Assert.Same(info, instance.Info);
    }

    /// <summary>Property names are the PascalCase of the declared names, and every one exists on the type.</summary>
    [Theory]
    [MemberData(nameof(Registered.Names), MemberType = typeof(Registered))]
    public void Property_names_exist(string optimizer)
    {
        var info = OptimizerRegistry.Get(optimizer);
        foreach (var (name, property) in info.Hyperparameters.Select(h => (h.Name, h.PropertyName)).Concat(info.Flags.Select(f => (f.Name, f.PropertyName))))
        {
            Assert.Equal(string.Concat(name.Split('_').Select(w => char.ToUpperInvariant(w[0]) + w[1..])), property);
            Assert.NotNull(info.Type.GetProperty(property));
        }
    }

    /// <summary>
    /// Registering the same descriptor again is harmless. (A name registered by two types is ambiguous at lookup:
    /// that is held by the generator tests' two-assembly case, which cannot poison this process's registry.)
    /// </summary>
    [Fact]
    public void Registering_twice_is_harmless()
    {
        OptimizerRegistry.Register(Adam.Descriptor);
        Assert.Same(Adam.Descriptor, OptimizerRegistry.Get("adam"));
        Assert.Single(OptimizerRegistry.All, info => info.Name == "adam");
    }

    /// <summary>ToString lists every hyperparameter and flag, numbers in round-trip invariant format.</summary>
    [Fact]
    public void ToString_lists_the_configuration() =>
        Assert.Equal("adamw(lr=0.001, beta1=0.9, beta2=0.95, eps=1E-08, weight_decay=0.1, amsgrad=true, maximize=false)",
            new AdamW(beta2: 0.95, weightDecay: 0.1, amsgrad: true).ToString());

    private static string[] Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
