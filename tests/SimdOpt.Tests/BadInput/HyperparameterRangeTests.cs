using System.Reflection;
using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.BadInput;

/// <summary>
/// A hyperparameter value that is not finite or lies outside its declared range is refused — by the constructor,
/// the property setter and SetHyperparameter alike — with an ArgumentOutOfRangeException whose ParamName is the
/// hyperparameter's name, and the value it had stays. Values on an inclusive bound are accepted.
/// </summary>
public sealed class HyperparameterRangeTests
{
    /// <summary>Every hyperparameter of every optimizer with every refused value: NaN, ±infinity, just below and just
    /// above the range.</summary>
    public static TheoryData<string, string, double> RefusedValues
    {
        get
        {
            var data = new TheoryData<string, string, double>();
            foreach (var info in OptimizerRegistry.All)
                foreach (var h in info.Hyperparameters)
                    foreach (double value in Refused(h))
                        data.Add(info.Name, h.Name, value);
            return data;
        }
    }

    /// <summary>Every hyperparameter of every optimizer, as theory data.</summary>
    public static TheoryData<string, string> AllHyperparameters
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var info in OptimizerRegistry.All)
                foreach (var h in info.Hyperparameters)
                    data.Add(info.Name, h.Name);
            return data;
        }
    }

    /// <summary>SetHyperparameter refuses the value and keeps the old one.</summary>
    [Theory]
    [MemberData(nameof(RefusedValues))]
    public void SetHyperparameter_refuses(string optimizer, string hyperparameter, double value)
    {
        var o = OptimizerRegistry.Get(optimizer).Create();
        double old = o.GetHyperparameter(hyperparameter);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => o.SetHyperparameter(hyperparameter, value));
        AssertNames(e, hyperparameter, value);
        Assert.Equal(Bits.Of(old), Bits.Of(o.GetHyperparameter(hyperparameter)));
    }

    /// <summary>The generated property's setter refuses the value and keeps the old one.</summary>
    [Theory]
    [MemberData(nameof(RefusedValues))]
    public void Property_setter_refuses(string optimizer, string hyperparameter, double value)
    {
        var info = OptimizerRegistry.Get(optimizer);
        var o = info.Create();
        var property = info.Type.GetProperty(info.Hyperparameters.Single(h => h.Name == hyperparameter).PropertyName)!;
        double old = (double)property.GetValue(o)!;
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Unwrap(() => property.SetValue(o, value)));
        AssertNames(e, hyperparameter, value);
        Assert.Equal(Bits.Of(old), Bits.Of((double)property.GetValue(o)!));
    }

    /// <summary>The generated constructor refuses the value.</summary>
    [Theory]
    [MemberData(nameof(RefusedValues))]
    public void Constructor_refuses(string optimizer, string hyperparameter, double value)
    {
        var info = OptimizerRegistry.Get(optimizer);
        var constructor = Constructor(info);
        var arguments = constructor.GetParameters().Select(a => a.DefaultValue).ToArray();
        arguments[info.Hyperparameters.Select(h => h.Name).ToList().IndexOf(hyperparameter)] = value;
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Unwrap(() => constructor.Invoke(arguments)));
        AssertNames(e, hyperparameter, value);
    }

    /// <summary>The constructor takes every hyperparameter and then every flag, in declaration order, named in
    /// camelCase, with the declared defaults.</summary>
    [Theory]
    [MemberData(nameof(Registered.Names), MemberType = typeof(Registered))]
    public void Constructor_parameters_follow_the_declaration(string optimizer)
    {
        var info = OptimizerRegistry.Get(optimizer);
        var parameters = Constructor(info).GetParameters();
        Assert.Equal(info.Hyperparameters.Select(h => CamelCase(h.Name)).Concat(info.Flags.Select(f => CamelCase(f.Name))), parameters.Select(p => p.Name));
        Assert.Equal(info.Hyperparameters.Select(h => (object)h.Default).Concat(info.Flags.Select(f => (object)f.Default)), parameters.Select(p => p.DefaultValue));
    }

    /// <summary>A value on an inclusive bound is accepted, through every entry point.</summary>
    [Theory]
    [MemberData(nameof(AllHyperparameters))]
    public void Inclusive_bounds_are_accepted(string optimizer, string hyperparameter)
    {
        var h = OptimizerRegistry.Get(optimizer).Hyperparameters.Single(x => x.Name == hyperparameter);
        foreach (double bound in new[] { h.Min, h.Max }.Where(h.Accepts))
        {
            var o = OptimizerRegistry.Get(optimizer).Create();
            o.SetHyperparameter(hyperparameter, bound);
            Assert.Equal(bound, o.GetHyperparameter(hyperparameter));
        }
    }

    /// <summary>
    /// The message states the range in the descriptor's own notation (<see cref="HyperparameterInfo.Range"/>, e.g.
    /// <c>[0, inf)</c>), the one the generated documentation uses too; every hyperparameter whose message differs is
    /// listed.
    /// </summary>
    [Fact]
    public void The_message_states_the_declared_range()
    {
        var mismatches = new List<string>();
        foreach (var info in OptimizerRegistry.All)
            foreach (var h in info.Hyperparameters)
            {
                var e = Assert.Throws<ArgumentOutOfRangeException>(() => info.Create().SetHyperparameter(h.Name, Refused(h).Last()));
                if (!e.Message.Contains($"must lie in {h.Range},", StringComparison.Ordinal))
                    mismatches.Add($"{info.Name}.{h.Name}: declared {h.Range}, message \"{e.Message}\"");
            }
        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    /// <summary>Direct uses of the typed API, as a user writes them.</summary>
    [Fact]
    public void Typed_examples()
    {
        Assert.Equal("lr", Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW(lr: -1e-3)).ParamName);
        Assert.Equal("beta1", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam { Beta1 = 1 }).ParamName);
        Assert.Equal("eta_minus", Assert.Throws<ArgumentOutOfRangeException>(() => new Rprop(etaMinus: 0)).ParamName);
        var sgd = new Sgd(lr: 0.1);
        Assert.Equal("weight_decay", Assert.Throws<ArgumentOutOfRangeException>(() => sgd.WeightDecay = double.NaN).ParamName);
        Assert.Equal(0, sgd.WeightDecay);
        Assert.Equal(0.1, sgd.Lr);
    }

    /// <summary>NaN, ±infinity, and the nearest values outside each finite bound.</summary>
    private static IEnumerable<double> Refused(HyperparameterInfo h)
    {
        yield return double.NaN;
        yield return double.PositiveInfinity;
        yield return double.NegativeInfinity;
        if (double.IsFinite(h.Min)) yield return h.MinExclusive ? h.Min : Math.BitDecrement(h.Min);
        if (double.IsFinite(h.Max)) yield return h.MaxExclusive ? h.Max : Math.BitIncrement(h.Max);
        if (double.IsFinite(h.Min)) yield return h.Min - 1;
    }

    private static void AssertNames(ArgumentOutOfRangeException e, string hyperparameter, double value)
    {
        Assert.Equal(hyperparameter, e.ParamName);
        Assert.Contains($"Hyperparameter '{hyperparameter}'", e.Message);
        Assert.Equal(Bits.Of(value), Bits.Of((double)e.ActualValue!));
    }

    private static ConstructorInfo Constructor(OptimizerInfo info) =>
        info.Type.GetConstructors().Single(c => c.GetParameters().Length == info.Hyperparameters.Count + info.Flags.Count);

    private static string CamelCase(string snake)
    {
        var words = snake.Split('_');
        return words[0] + string.Concat(words.Skip(1).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
    }

    /// <summary>Reflection wraps what a member throws; the test wants the member's own exception.</summary>
    private static void Unwrap(Action call)
    {
        try
        {
            call();
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
        }
    }
}
