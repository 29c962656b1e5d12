using System.Globalization;
using System.Runtime.CompilerServices;

namespace SimdOpt.Training;

/// <summary>Argument checks the schedules share.</summary>
internal static class ScheduleGuard
{
    /// <summary>Throws unless <paramref name="value"/> is finite.</summary>
    public static void RequireFinite(double value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!double.IsFinite(value))
            throw new ArgumentOutOfRangeException(name, value,
                $"'{name}' must be finite, but is {value.ToString("R", CultureInfo.InvariantCulture)}.");
    }

    /// <summary>Throws unless <paramref name="value"/> is finite and not negative (a factor or floor of a value that
    /// must not become negative).</summary>
    public static void RequireNonNegative(double value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!(value >= 0) || !double.IsFinite(value))
            throw new ArgumentOutOfRangeException(name, value,
                $"'{name}' must be finite and not negative, "
                + $"but is {value.ToString("R", CultureInfo.InvariantCulture)}.");
    }

    /// <summary>Throws unless <paramref name="value"/> lies in [<paramref name="min"/>, <paramref name="max"/>] (or
    /// (min, max] when <paramref name="minExclusive"/>).</summary>
    public static void RequireInRange(double value, double min, double max, bool minExclusive = false,
        [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!(minExclusive ? value > min : value >= min) || !(value <= max))
            throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture,
                $"'{name}' must lie in {(minExclusive ? "(" : "[")}{min:R}, {max:R}], but is {value:R}."));
    }
}
