using System.Numerics;
using System.Reflection;
using SimdOpt.Kernels;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Kernels.Dispatch;

/// <summary>
/// The chained dispatch a spec with more than six switches gets (<c>SimdOptDispatch{k}</c>, one level per switch),
/// which no shipped optimizer reaches: for every one of the 128 settings of <see cref="SevenFlags"/>' flags, on every
/// path, three steps give the bits of the scalar path and of the same update dispatched flat
/// (<see cref="SixFlagsF6Off"/> or <see cref="SixFlagsF6On"/>, with f6 written out).
/// </summary>
public sealed class ChainedDispatchTests
{
    // Every tail of every vector width, and a whole number of Vector512 blocks before it.
    private const int Length = 1031;
    private const int Steps = 3;

    /// <summary>Seven flags take the chain, six the flat switch: what the other tests here rely on. (Every kernel has
    /// one switch more than its spec, the gradient scale's: the chain has eight levels.)</summary>
    [Fact]
    public void Seven_flags_dispatch_through_the_chain_and_six_through_the_flat_switch()
    {
        const BindingFlags Private = BindingFlags.NonPublic | BindingFlags.Static;
        for (int level = 0; level < 8; level++)
            Assert.NotNull(typeof(SevenFlags).GetMethod("SimdOptDispatch" + level, Private));
        Assert.Null(typeof(SevenFlags).GetMethod("SimdOptDispatch8", Private));
        Assert.Null(typeof(SixFlagsF6Off).GetMethod("SimdOptDispatch0", Private));
        Assert.Null(typeof(SixFlagsF6On).GetMethod("SimdOptDispatch0", Private));
    }

    /// <summary>Every flag setting, every path, float.</summary>
    [Fact]
    public void Every_setting_on_every_path_equals_the_flat_dispatch_in_float() => EveryFlagSetting<float>(
        (o, t, p, g, m, path) => SevenFlags.Step(o, t, p, g, m, path),
        (o, t, p, g, m, path) => SixFlagsF6Off.Step(o, t, p, g, m, path),
        (o, t, p, g, m, path) => SixFlagsF6On.Step(o, t, p, g, m, path));

    /// <summary>Every flag setting, every path, double.</summary>
    [Fact]
    public void Every_setting_on_every_path_equals_the_flat_dispatch_in_double() => EveryFlagSetting<double>(
        (o, t, p, g, m, path) => SevenFlags.Step(o, t, p, g, m, path),
        (o, t, p, g, m, path) => SixFlagsF6Off.Step(o, t, p, g, m, path),
        (o, t, p, g, m, path) => SixFlagsF6On.Step(o, t, p, g, m, path));

    private delegate void Stepper<TOptimizer, T>(TOptimizer optimizer, long t, Span<T> p, ReadOnlySpan<T> g, Span<T> m,
        KernelPath path);

    private static void EveryFlagSetting<T>(Stepper<SevenFlags, T> seven, Stepper<SixFlagsF6Off, T> sixOff,
        Stepper<SixFlagsF6On, T> sixOn) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(20261201);
        var start = new T[Length];
        var gradients = new T[Steps][];
        Values.Fill<T>(start, random, specialShare: 0.1);
        for (int s = 0; s < Steps; s++)
        {
            gradients[s] = new T[Length];
            Values.Fill<T>(gradients[s], random, specialShare: 0.1);
        }

        for (int setting = 0; setting < 1 << 7; setting++)
        {
            bool f6 = (setting >> 6 & 1) != 0;
            var optimizer = WithFlags(new SevenFlags(), setting, 7);
            var (expectedP, expectedM) = f6
                ? Run(WithFlags(new SixFlagsF6On(), setting, 6), sixOn, KernelPath.Scalar, start, gradients)
                : Run(WithFlags(new SixFlagsF6Off(), setting, 6), sixOff, KernelPath.Scalar, start, gradients);
            foreach (var path in (KernelPath[])[KernelPath.Scalar, .. Registered.NonScalarPaths])
            {
                var (p, m) = Run(optimizer, seven, path, start, gradients);
                string what = $"flags {Convert.ToString(setting, 2).PadLeft(7, '0')} (f6 ... f0), {path}";
                Bits.SameResult<T>(expectedP, p, what + ", p");
                Bits.SameResult<T>(expectedM, m, what + ", m");
            }
        }
    }

    // Flag k (named fk) is bit k of the setting.
    private static TOptimizer WithFlags<TOptimizer>(TOptimizer optimizer, int setting, int flags)
        where TOptimizer : OptimizerHyperparameters
    {
        for (int k = 0; k < flags; k++) optimizer.SetFlag("f" + k, (setting >> k & 1) != 0);
        return optimizer;
    }

    private static (T[] P, T[] M) Run<TOptimizer, T>(TOptimizer optimizer, Stepper<TOptimizer, T> step,
        KernelPath path, T[] start, T[][] gradients) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var p = (T[])start.Clone();
        var m = new T[Length];
        for (int s = 0; s < Steps; s++) step(optimizer, s + 1, p, gradients[s], m, path);
        return (p, m);
    }
}
