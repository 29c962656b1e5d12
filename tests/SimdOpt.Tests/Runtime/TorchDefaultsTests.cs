using SimdOpt.Kernels;

namespace SimdOpt.Tests.Runtime;

/// <summary>
/// Every default equals torch.optim's (1.13 signatures; betas, etas and step_sizes split as in the golden README),
/// Lion's those of Chen et al. 2023 and lion-pytorch, Adan's and ADOPT's those of timm.optim.Adan and timm.optim.Adopt,
/// AdEMAMix's those of optax.contrib.ademamix (no warm-up), Sophia's those of the authors' SophiaG. The table is
/// written from those sources, not read from SimdOpt.
/// </summary>
public sealed class TorchDefaultsTests
{
    /// <summary>optimizer, name, torch's default (flags as 0 / 1).</summary>
    public static TheoryData<string, string, double> Defaults => new()
    {
        // torch 1.13 makes SGD's lr a required argument; torch 2.x defaults it to 1e-3, as SimdOpt does.
        { "sgd", "lr", 1e-3 }, { "sgd", "momentum", 0 }, { "sgd", "dampening", 0 }, { "sgd", "weight_decay", 0 },
        { "sgd", "nesterov", 0 }, { "sgd", "maximize", 0 },
        { "adagrad", "lr", 1e-2 }, { "adagrad", "lr_decay", 0 }, { "adagrad", "weight_decay", 0 },
        { "adagrad", "initial_accumulator_value", 0 }, { "adagrad", "eps", 1e-10 }, { "adagrad", "maximize", 0 },
        { "rmsprop", "lr", 1e-2 }, { "rmsprop", "alpha", 0.99 }, { "rmsprop", "eps", 1e-8 }, { "rmsprop", "weight_decay", 0 },
        { "rmsprop", "momentum", 0 }, { "rmsprop", "centered", 0 }, { "rmsprop", "maximize", 0 },
        { "adadelta", "lr", 1.0 }, { "adadelta", "rho", 0.9 }, { "adadelta", "eps", 1e-6 }, { "adadelta", "weight_decay", 0 },
        { "adadelta", "maximize", 0 },
        { "adam", "lr", 1e-3 }, { "adam", "beta1", 0.9 }, { "adam", "beta2", 0.999 }, { "adam", "eps", 1e-8 },
        { "adam", "weight_decay", 0 }, { "adam", "amsgrad", 0 }, { "adam", "maximize", 0 },
        { "adamw", "lr", 1e-3 }, { "adamw", "beta1", 0.9 }, { "adamw", "beta2", 0.999 }, { "adamw", "eps", 1e-8 },
        { "adamw", "weight_decay", 1e-2 }, { "adamw", "amsgrad", 0 }, { "adamw", "maximize", 0 },
        { "adamax", "lr", 2e-3 }, { "adamax", "beta1", 0.9 }, { "adamax", "beta2", 0.999 }, { "adamax", "eps", 1e-8 },
        { "adamax", "weight_decay", 0 }, { "adamax", "maximize", 0 },
        { "nadam", "lr", 2e-3 }, { "nadam", "beta1", 0.9 }, { "nadam", "beta2", 0.999 }, { "nadam", "eps", 1e-8 },
        { "nadam", "weight_decay", 0 }, { "nadam", "momentum_decay", 4e-3 }, { "nadam", "maximize", 0 },
        { "radam", "lr", 1e-3 }, { "radam", "beta1", 0.9 }, { "radam", "beta2", 0.999 }, { "radam", "eps", 1e-8 },
        { "radam", "weight_decay", 0 }, { "radam", "maximize", 0 },
        { "rprop", "lr", 1e-2 }, { "rprop", "eta_minus", 0.5 }, { "rprop", "eta_plus", 1.2 }, { "rprop", "step_size_min", 1e-6 },
        { "rprop", "step_size_max", 50 }, { "rprop", "maximize", 0 },
        { "lion", "lr", 1e-4 }, { "lion", "beta1", 0.9 }, { "lion", "beta2", 0.99 }, { "lion", "weight_decay", 0 },
        { "adan", "lr", 1e-3 }, { "adan", "beta1", 0.98 }, { "adan", "beta2", 0.92 }, { "adan", "beta3", 0.99 },
        { "adan", "eps", 1e-8 }, { "adan", "weight_decay", 0 }, { "adan", "no_prox", 0 },
        { "adopt", "lr", 1e-3 }, { "adopt", "beta1", 0.9 }, { "adopt", "beta2", 0.9999 }, { "adopt", "eps", 1e-6 },
        { "adopt", "clip_exp", 0.333 }, { "adopt", "weight_decay", 0 }, { "adopt", "clip", 1 },
        { "adopt", "decoupled", 0 }, { "adopt", "maximize", 0 },
        // optax makes learning_rate a required argument; the authors' PyTorch AdEMAMix defaults it to 1e-3.
        { "ademamix", "lr", 1e-3 }, { "ademamix", "beta1", 0.9 }, { "ademamix", "beta2", 0.999 },
        { "ademamix", "beta3", 0.9999 }, { "ademamix", "alpha", 5 }, { "ademamix", "eps", 1e-8 },
        { "ademamix", "eps_root", 0 }, { "ademamix", "weight_decay", 0 }, { "ademamix", "t_alpha_beta3", 0 },
        // The reduction optimizers follow their source classes: timm's AdamWLegacy, Lamb, Lars, Mars; optimi's
        // StableAdamW (whose lr is required: 1e-3 here).
        { "cadamw", "lr", 1e-3 }, { "cadamw", "beta1", 0.9 }, { "cadamw", "beta2", 0.999 }, { "cadamw", "eps", 1e-8 },
        { "cadamw", "weight_decay", 1e-2 }, { "cadamw", "amsgrad", 0 }, { "cadamw", "maximize", 0 },
        { "lamb", "lr", 1e-3 }, { "lamb", "beta1", 0.9 }, { "lamb", "beta2", 0.999 }, { "lamb", "eps", 1e-6 },
        { "lamb", "weight_decay", 1e-2 }, { "lamb", "max_grad_norm", 1.0 }, { "lamb", "bias_correction", 1 },
        { "lamb", "grad_averaging", 1 }, { "lamb", "trust_clip", 0 }, { "lamb", "always_adapt", 0 },
        { "lars", "lr", 1.0 }, { "lars", "momentum", 0 }, { "lars", "dampening", 0 }, { "lars", "weight_decay", 0 },
        { "lars", "trust_coeff", 1e-3 }, { "lars", "eps", 1e-8 }, { "lars", "nesterov", 0 }, { "lars", "trust_clip", 0 },
        { "lars", "always_adapt", 0 },
        { "mars", "lr", 3e-3 }, { "mars", "beta1", 0.9 }, { "mars", "beta2", 0.99 }, { "mars", "eps", 1e-8 },
        { "mars", "weight_decay", 0 }, { "mars", "gamma", 0.025 }, { "mars", "lr_1d_factor", 1.0 },
        { "mars", "optimize_1d", 0 },
        { "stableadamw", "lr", 1e-3 }, { "stableadamw", "beta1", 0.9 }, { "stableadamw", "beta2", 0.99 },
        { "stableadamw", "weight_decay", 1e-2 }, { "stableadamw", "eps", 1e-6 },
        // Sophia-G: SophiaG.__init__ and step(bs=5120) of github.com/Liuhong99/Sophia, hess_interval 10 of its
        // training configuration.
        { "sophia", "lr", 1e-4 }, { "sophia", "beta1", 0.965 }, { "sophia", "beta2", 0.99 }, { "sophia", "rho", 0.04 },
        { "sophia", "weight_decay", 1e-1 }, { "sophia", "bs", 5120 }, { "sophia", "update_period", 10 },
        { "sophia", "maximize", 0 },
        // Schedule-Free: AdamWScheduleFree.__init__ and SGDScheduleFree.__init__ of facebookresearch/schedule_free.
        { "schedulefree_adamw", "lr", 0.0025 }, { "schedulefree_adamw", "beta1", 0.9 },
        { "schedulefree_adamw", "beta2", 0.999 }, { "schedulefree_adamw", "eps", 1e-8 },
        { "schedulefree_adamw", "weight_decay", 0 }, { "schedulefree_adamw", "warmup_steps", 0 },
        { "schedulefree_adamw", "r", 0 }, { "schedulefree_adamw", "weight_lr_power", 2 },
        { "schedulefree_adamw", "inner_momentum", 0 },
        { "schedulefree_sgd", "lr", 1 }, { "schedulefree_sgd", "momentum", 0.9 },
        { "schedulefree_sgd", "weight_decay", 0 }, { "schedulefree_sgd", "warmup_steps", 0 },
        { "schedulefree_sgd", "r", 0 }, { "schedulefree_sgd", "weight_lr_power", 2 },
        // Not the reference's (its train() is exact_train off): on, so that eval() then train() changes nothing.
        { "schedulefree_adamw", "exact_train", 1 }, { "schedulefree_sgd", "exact_train", 1 },
    };

    /// <summary>A fresh instance, and the descriptor, hold torch's default.</summary>
    [Theory]
    [MemberData(nameof(Defaults))]
    public void Default_is_torchs(string optimizer, string name, double expected)
    {
        var info = OptimizerRegistry.Get(optimizer);
        var instance = info.Create();
        if (info.Flags.SingleOrDefault(f => f.Name == name) is { } flag)
        {
            Assert.Equal(expected == 1, flag.Default);
            Assert.Equal(expected == 1, instance.GetFlag(name));
        }
        else
        {
            Assert.Equal(expected, info.Hyperparameters.Single(h => h.Name == name).Default);
            Assert.Equal(expected, instance.GetHyperparameter(name));
        }
    }

    /// <summary>The table covers every hyperparameter and flag of every shipped optimizer: none is left
    /// unchecked.</summary>
    [Fact]
    public void The_table_covers_every_setting()
    {
        var table = Defaults.Select(row => (string)row[0] + "." + (string)row[1]).Order();
        var declared = Support.Registered.BuiltIn.SelectMany(i => i.Hyperparameters.Select(h => i.Name + "." + h.Name).Concat(i.Flags.Select(f => i.Name + "." + f.Name))).Order();
        Assert.Equal(declared, table);
    }
}
