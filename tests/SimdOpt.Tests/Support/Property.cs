using FsCheck;
using FsCheck.Fluent;
using Xunit.Sdk;

namespace SimdOpt.Tests.Support;

/// <summary>Runs an FsCheck property from a test method, so one theory can check a property per optimizer.</summary>
internal static class Property
{
    /// <summary>
    /// Cases per property: with lengths drawn up to 1100 this reaches every tail of every vector width over a few
    /// runs, and keeps the suite fast where Vector512 is emulated in software (DOTNET_EnableHWIntrinsic=0).
    /// </summary>
    public const int Cases = 100;

    /// <summary>Checks <paramref name="property"/> on <paramref name="cases"/> cases drawn from <paramref name="gen"/>; a failure throws with the case and FsCheck's replay seed.</summary>
    /// <param name="gen">Draws the cases; their ToString names them in a failure.</param>
    /// <param name="property">Throws when the case fails.</param>
    /// <param name="cases">The number of cases.</param>
    /// <typeparam name="TCase">The case type.</typeparam>
    public static void ForAll<TCase>(Gen<TCase> gen, Action<TCase> property, int cases = Cases) =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(cases), Prop.ForAll(gen.ToArbitrary(), (TCase c) =>
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
