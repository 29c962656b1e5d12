using SimdOpt.Kernels;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.BadInput;

/// <summary>A name an optimizer does not declare is refused with an ArgumentException naming it and listing the known
/// ones; nothing changes.</summary>
public sealed class UnknownNameTests
{
    /// <summary>Every by-name accessor refuses "momentumm", and every hyperparameter and flag keeps its
    /// value.</summary>
    [Theory]
    [MemberData(nameof(Registered.Names), MemberType = typeof(Registered))]
    public void By_name_access_refuses_an_unknown_name(string optimizer)
    {
        var info = OptimizerRegistry.Get(optimizer);
        var o = info.Create();
        string before = o.ToString();
        string knownNumbers = string.Join(", ", info.Hyperparameters.Select(h => h.Name));
        string knownFlags = string.Join(", ", info.Flags.Select(f => f.Name));

        AssertUnknown(() => o.GetHyperparameter("momentumm"), $"Optimizer '{optimizer}' has no hyperparameter 'momentumm'. Known: {knownNumbers}.");
        AssertUnknown(() => o.SetHyperparameter("momentumm", 0.5), $"Optimizer '{optimizer}' has no hyperparameter 'momentumm'. Known: {knownNumbers}.");
        AssertUnknown(() => o.GetFlag("momentumm"), $"Optimizer '{optimizer}' has no flag 'momentumm'. Known: {knownFlags}.");
        AssertUnknown(() => o.SetFlag("momentumm", true), $"Optimizer '{optimizer}' has no flag 'momentumm'. Known: {knownFlags}.");
        Assert.Equal(before, o.ToString());
    }

    /// <summary>Names are exact: a flag is not a hyperparameter, and case matters (torch's names are lower
    /// case).</summary>
    [Fact]
    public void Names_are_exact()
    {
        var adam = OptimizerRegistry.Get("adam").Create();
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => adam.GetHyperparameter("amsgrad")).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => adam.SetFlag("lr", true)).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => adam.SetHyperparameter("LR", 0.1)).ParamName);
        Assert.Equal(1e-3, adam.GetHyperparameter("lr"));
    }

    /// <summary>The registry refuses an unknown optimizer with the list of known ones, and finds known ones whatever
    /// their case.</summary>
    [Fact]
    public void Registry_refuses_an_unknown_optimizer()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => OptimizerRegistry.Get("adamm"));
        Assert.Equal($"Unknown optimizer 'adamm'. Known: {string.Join(", ", OptimizerRegistry.All.Select(i => i.Name))}.", e.Message);
        Assert.False(OptimizerRegistry.TryGet("adamm", out _));
        Assert.Same(OptimizerRegistry.Get("adamw"), OptimizerRegistry.Get("AdamW"));
    }

    /// <summary>An optimizer state refuses a buffer name its optimizer does not declare.</summary>
    [Fact]
    public void OptimizerState_refuses_an_unknown_buffer()
    {
        var state = new OptimizerState<float>(OptimizerRegistry.Get("adam").Create(), 4);
        var e = Assert.Throws<ArgumentException>(() => state.Buffer("exp_avgg"));
        Assert.Equal("name", e.ParamName);
        Assert.StartsWith("Optimizer 'adam' has no state buffer 'exp_avgg'. Known: exp_avg, exp_avg_sq, max_exp_avg_sq.", e.Message);
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => state.Buffer(3)).ParamName);
    }

    private static void AssertUnknown(Action call, string message)
    {
        var e = Assert.Throws<ArgumentException>(call);
        Assert.Equal("name", e.ParamName);
        Assert.Equal(message + " (Parameter 'name')", e.Message);
    }
}
