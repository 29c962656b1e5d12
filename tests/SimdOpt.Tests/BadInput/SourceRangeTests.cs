using SimdOpt.Kernels;
using SimdOpt.Optimizers;

namespace SimdOpt.Tests.BadInput;

/// <summary>
/// Adan, ADOPT and AdEMAMix refuse what their sources refuse, torch-style: timm's Adan and Adopt raise
/// <c>ValueError</c> for <c>lr &lt; 0</c>, <c>eps &lt; 0</c> and each beta outside <c>[0, 1)</c> (Adopt also for
/// <c>weight_decay &lt; 0</c>); optax checks nothing, so AdEMAMix takes the same ranges as the Adam family. Written from
/// those sources, not read from SimdOpt; the refusal itself (exception, name, value kept) is
/// <see cref="HyperparameterRangeTests"/>'s, for every range.
/// </summary>
public sealed class SourceRangeTests
{
    /// <summary>optimizer, hyperparameter, its range in the descriptor's notation.</summary>
    public static TheoryData<string, string, string> Ranges => new()
    {
        { "adan", "lr", "[0, inf)" }, { "adan", "beta1", "[0, 1)" }, { "adan", "beta2", "[0, 1)" },
        { "adan", "beta3", "[0, 1)" }, { "adan", "eps", "[0, inf)" },
        // timm's Adan does not check weight_decay; a negative one would grow the parameters, so it is refused.
        { "adan", "weight_decay", "[0, inf)" },
        { "adopt", "lr", "[0, inf)" }, { "adopt", "beta1", "[0, 1)" }, { "adopt", "beta2", "[0, 1)" },
        { "adopt", "eps", "[0, inf)" }, { "adopt", "weight_decay", "[0, inf)" },
        // timm takes any float or None; [0, 2] keeps (t - 1)^clip_exp finite in float up to t = 2^63.
        { "adopt", "clip_exp", "[0, 2]" },
        { "ademamix", "lr", "[0, inf)" }, { "ademamix", "beta1", "[0, 1)" }, { "ademamix", "beta2", "[0, 1)" },
        { "ademamix", "beta3", "[0, 1)" }, { "ademamix", "alpha", "[0, inf)" }, { "ademamix", "eps", "[0, inf)" },
        { "ademamix", "eps_root", "[0, inf)" }, { "ademamix", "weight_decay", "[0, inf)" },
        { "ademamix", "t_alpha_beta3", "[0, inf)" },
    };

    /// <summary>The declared range is the source's.</summary>
    [Theory]
    [MemberData(nameof(Ranges))]
    public void Range_is_the_sources(string optimizer, string hyperparameter, string range) =>
        Assert.Equal(range, OptimizerRegistry.Get(optimizer).Hyperparameters.Single(h => h.Name == hyperparameter).Range);

    /// <summary>The table covers every hyperparameter of the three.</summary>
    [Fact]
    public void The_table_covers_every_hyperparameter()
    {
        var table = Ranges.Select(row => (string)row[0] + "." + (string)row[1]).Order();
        var declared = new[] { "adan", "adopt", "ademamix" }
            .SelectMany(name => OptimizerRegistry.Get(name).Hyperparameters.Select(h => name + "." + h.Name)).Order();
        Assert.Equal(declared, table);
    }

    /// <summary>Direct uses of the typed API, as a user writes them: timm's error cases, by name.</summary>
    [Fact]
    public void Typed_examples()
    {
        Assert.Equal("beta3", Assert.Throws<ArgumentOutOfRangeException>(() => new Adan(beta3: 1)).ParamName);
        Assert.Equal("lr", Assert.Throws<ArgumentOutOfRangeException>(() => new Adan(lr: -1e-3)).ParamName);
        Assert.Equal("beta2", Assert.Throws<ArgumentOutOfRangeException>(() => new Adopt(beta2: 1)).ParamName);
        Assert.Equal("clip_exp", Assert.Throws<ArgumentOutOfRangeException>(() => new Adopt(clipExp: 2.5)).ParamName);
        var ademamix = new AdEMAMix(lr: 0.01, tAlphaBeta3: 1000);
        Assert.Equal("t_alpha_beta3",
            Assert.Throws<ArgumentOutOfRangeException>(() => ademamix.TAlphaBeta3 = -1).ParamName);
        Assert.Equal(1000, ademamix.TAlphaBeta3);
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => ademamix.Alpha = double.NaN).ParamName);
        Assert.Equal(5, ademamix.Alpha);
    }
}
