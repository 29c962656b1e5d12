using SimdOpt.Kernels;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Runtime;

/// <summary><see cref="OptimizerHyperparameters.Clone"/> copies every hyperparameter and flag, and the copy and the
/// original then live apart.</summary>
public sealed class CloneTests
{
    /// <summary>A clone starts equal; changing every setting of either leaves the other as it was.</summary>
    [Theory]
    [MemberData(nameof(Registered.Names), MemberType = typeof(Registered))]
    public void Clone_is_equal_then_independent(string optimizer)
    {
        var info = OptimizerRegistry.Get(optimizer);
        var original = info.Create();
        var clone = original.Clone();
        Assert.NotSame(original, clone);
        Assert.IsType(info.Type, clone);
        Assert.Equal(original.ToString(), clone.ToString());

        string before = original.ToString();
        ChangeEverything(clone);
        Assert.Equal(before, original.ToString());
        Assert.NotEqual(before, clone.ToString());

        string cloneBefore = clone.ToString();
        ChangeEverything(original);
        Assert.Equal(cloneBefore, clone.ToString());
    }

    /// <summary>A plan reads its own optimizer: changing a clone's lr does not change what the original's plan
    /// does.</summary>
    [Fact]
    public void A_plan_follows_its_own_optimizer()
    {
        var sgd = OptimizerRegistry.Get("sgd").Create();
        sgd.SetHyperparameter("lr", 0.5);
        var plan = sgd.CreatePlan<double>();
        sgd.Clone().SetHyperparameter("lr", 2);
        double[] p = [1];
        plan.Prepare(1, []);
        plan.Apply(p, [1], new StateSpans<double>(new double[1], 1, 1));
        Assert.Equal(0.5, p[0]);
    }

    /// <summary>Moves every hyperparameter to another accepted value and flips every flag.</summary>
    private static void ChangeEverything(OptimizerHyperparameters o)
    {
        foreach (var h in o.Info.Hyperparameters)
        {
            double value = o.GetHyperparameter(h.Name);
            double other = new[] { (value + h.Min) / 2, value / 2, value * 1.5, h.Min + 1, (h.Min + h.Max) / 2 }.First(v => v != value && h.Accepts(v));
            o.SetHyperparameter(h.Name, other);
        }
        foreach (var f in o.Info.Flags) o.SetFlag(f.Name, !o.GetFlag(f.Name));
    }
}
