using System.Globalization;
using System.Runtime.CompilerServices;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Sdk;

namespace SimdOpt.Tests.Support;

/// <summary>
/// Runs an FsCheck property from a test method, so one theory can check a property per optimizer. Every run draws
/// the same cases: the seed is fixed per test method, so no test passes or fails by chance. A failure names the seed;
/// <c>SIMDOPT_PROPERTY_SEED=seed,gamma</c> replays it, and <c>SIMDOPT_PROPERTY_SEED=fresh</c> draws new seeds
/// (locally, to look for new counterexamples).
/// </summary>
internal static class Property
{
    /// <summary>
    /// Cases per property: with lengths drawn up to 1100 this reaches every tail of every vector width over a few
    /// runs, and keeps the suite fast where Vector512 is emulated in software (DOTNET_EnableHWIntrinsic=0).
    /// </summary>
    public const int Cases = 100;

    /// <summary>The environment variable that replays a seed ("seed,gamma") or asks for fresh ones ("fresh").</summary>
    public const string SeedVariable = "SIMDOPT_PROPERTY_SEED";

    /// <summary>Checks <paramref name="property"/> on <paramref name="cases"/> cases drawn from <paramref name="gen"/>;
    /// a failure throws with the case and the seed that replays it.</summary>
    /// <param name="gen">Draws the cases; their ToString names them in a failure.</param>
    /// <param name="property">Throws when the case fails.</param>
    /// <param name="cases">The number of cases.</param>
    /// <param name="caller">The test method: its name fixes the seed.</param>
    /// <typeparam name="TCase">The case type.</typeparam>
    public static void ForAll<TCase>(Gen<TCase> gen, Action<TCase> property, int cases = Cases, [CallerMemberName] string caller = "")
    {
        var (seed, gamma) = Seed(caller);
        try
        {
            Check.One(Config.QuickThrowOnFailure.WithMaxTest(cases).WithReplay(seed, gamma), Prop.ForAll(gen.ToArbitrary(), (TCase c) =>
            {
                try
                {
                    property(c);
                }
                catch (Exception e)
                {
                    // FsCheck reports a throwing case by its exception only: name the case in it.
                    throw new XunitException("Case: " + c + Environment.NewLine + e.Message, e);
                }
            }));
        }
        catch (Exception e)
        {
            throw new XunitException(
                "Replay with " + SeedVariable + "=" + seed.ToString(CultureInfo.InvariantCulture) + "," + gamma.ToString(CultureInfo.InvariantCulture) +
                Environment.NewLine + e.Message, e);
        }
    }

    /// <summary>The seed of a run: from <see cref="SeedVariable"/> when set, else fixed by the test method's
    /// name.</summary>
    /// <param name="caller">The test method's name.</param>
    internal static (ulong Seed, ulong Gamma) Seed(string caller)
    {
        string? setting = Environment.GetEnvironmentVariable(SeedVariable);
        if (string.Equals(setting, "fresh", StringComparison.OrdinalIgnoreCase))
            return ((ulong)Random.Shared.NextInt64(), (ulong)Random.Shared.NextInt64() | 1);
        if (!string.IsNullOrEmpty(setting))
        {
            var parts = setting.Split(',');
            if (parts.Length != 2 || !ulong.TryParse(parts[0], CultureInfo.InvariantCulture, out ulong s) ||
                !ulong.TryParse(parts[1], CultureInfo.InvariantCulture, out ulong g) || g % 2 == 0)
                throw new InvalidOperationException(SeedVariable + " must be 'fresh' or 'seed,gamma' with an odd gamma, not '" + setting + "'.");
            return (s, g);
        }
        // FNV-1a of the name: stable across runs, processes and machines (string.GetHashCode is not).
        ulong hash = 14695981039346656037UL;
        foreach (char ch in caller) hash = (hash ^ ch) * 1099511628211UL;
        return (hash, 0x9E3779B97F4A7C15UL);
    }
}
