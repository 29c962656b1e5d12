using System.Globalization;

namespace SimdOpt.Generators.Model;

/// <summary>
/// A hyperparameter's range as the diagnostics and the generated docs print it, e.g. <c>[0, 1)</c> or <c>(0, inf)</c>,
/// with numbers in the invariant culture: one spelling for analysis and emit.
/// </summary>
internal static class RangeText
{
    public static string Of(double min, double max, bool minExclusive, bool maxExclusive) =>
        (minExclusive || double.IsNegativeInfinity(min) ? "(" : "[") + Bound(min) + ", " + Bound(max)
        + (maxExclusive || double.IsPositiveInfinity(max) ? ")" : "]");

    public static string Bound(double value) =>
        double.IsPositiveInfinity(value) ? "inf"
        : double.IsNegativeInfinity(value) ? "-inf"
        : value.ToString("R", CultureInfo.InvariantCulture);
}
