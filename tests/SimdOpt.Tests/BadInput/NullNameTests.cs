using SimdOpt.Kernels;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.BadInput;

/// <summary>A null name is an ArgumentNullException naming <c>name</c> (not an unknown name), and nothing
/// changes.</summary>
public sealed class NullNameTests
{
    /// <summary>Every by-name accessor of every registered optimizer refuses null.</summary>
    [Theory]
    [MemberData(nameof(Registered.Names), MemberType = typeof(Registered))]
    public void By_name_access_refuses_null(string optimizer)
    {
        var o = OptimizerRegistry.Get(optimizer).Create();
        string before = o.ToString();
        Assert.Equal("name", Assert.Throws<ArgumentNullException>(() => o.GetHyperparameter(null!)).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentNullException>(() => o.SetHyperparameter(null!, 0.5)).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentNullException>(() => o.GetFlag(null!)).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentNullException>(() => o.SetFlag(null!, true)).ParamName);
        Assert.Equal(before, o.ToString());
    }
}
