using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Tests.Support;
using Xunit.Sdk;

namespace SimdOpt.Tests.Kernels;

/// <summary>
/// The NaN rule between code paths: the same bits wherever a value is a number, NaN wherever it is NaN. The NaN's
/// sign and payload are the hardware's: on AVX-512, Adamax's <c>max(beta2 * exp_inf, |g| + eps)</c> over a negative
/// NaN gives 0xFFC00000 on the scalar path and 0x7FC00000 on the Vector512 path (seen on an Intel Xeon).
/// </summary>
public sealed class NanRuleTests
{
    private const int Length = 203;

    /// <summary>Elements whose <c>exp_inf</c> is a negative NaN: they, and only they, come out NaN on every
    /// path.</summary>
    private static readonly int[] NanAt = [0, 5, 16, 17, 63, 64, 100, 127, 128, 200, 202];

    /// <summary>Adamax over negative NaNs in its state: NaN exactly where the scalar path has NaN, the same bits
    /// elsewhere.</summary>
    /// <param name="path">The path compared with the scalar path.</param>
    [Theory]
    [MemberData(nameof(Registered.NonScalarPathData), MemberType = typeof(Registered))]
    public void A_NaN_in_the_state_is_NaN_on_every_path_and_every_number_has_the_same_bits(KernelPath path)
    {
        var (pScalar, stateScalar) = Run(KernelPath.Scalar);
        var (p, state) = Run(path);

        Bits.SameResult<float>(pScalar, p, path + " vs Scalar: p");
        Bits.SameResult<float>(stateScalar, state, path + " vs Scalar: exp_avg and exp_inf");
        for (int i = 0; i < Length; i++)
            Assert.Equal(NanAt.Contains(i), float.IsNaN(p[i]));
    }

    /// <summary>The rule between paths is no weaker than stated: a number never matches NaN, and -0 never matches
    /// +0.</summary>
    [Fact]
    public void The_rule_between_paths_tells_NaN_from_numbers_and_the_signs_of_zero()
    {
        float negativeNaN = BitConverter.Int32BitsToSingle(unchecked((int)0xFFC00000));
        float positiveNaN = BitConverter.Int32BitsToSingle(0x7FC00000);

        Assert.True(Bits.SameResult(negativeNaN, positiveNaN));
        Assert.False(Bits.SameResult(1f, positiveNaN));
        Assert.False(Bits.SameResult(positiveNaN, 1f));
        Assert.False(Bits.SameResult(0f, -0f));
        Assert.Throws<XunitException>(() => Bits.Equal<float>([negativeNaN], [positiveNaN], "exact"));
    }

    private static (float[] P, float[] State) Run(KernelPath path)
    {
        var random = new Random(7);
        var p = new float[Length];
        var g = new float[Length];
        var state = new float[2 * Length];
        for (int i = 0; i < Length; i++)
        {
            p[i] = (float)(random.NextDouble() * 2 - 1);
            g[i] = (float)(random.NextDouble() * 2 - 1);
            state[i] = (float)(random.NextDouble() * 0.1);
            state[Length + i] = (float)(random.NextDouble() + 0.5);
        }
        foreach (int i in NanAt) state[Length + i] = BitConverter.Int32BitsToSingle(unchecked((int)0xFFC00000));
        var plan = new Adamax().CreatePlan<float>();
        plan.Prepare(3, []);
        plan.Apply(p, g, new StateSpans<float>(state, 2, Length), path);
        return (p, state);
    }
}
