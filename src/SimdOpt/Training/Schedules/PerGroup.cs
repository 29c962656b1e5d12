using System.Globalization;

namespace SimdOpt.Training;

/// <summary>Arguments given once for every group or once per group, as torch accepts a value or a list.</summary>
internal static class PerGroup
{
    /// <summary>One value for each of the optimizer's groups (none when there is no optimizer: the scheduler's base
    /// constructor refuses that).</summary>
    public static T[] Repeat<T>(T value, Optimizer? optimizer, string name)
    {
        if (value is null) throw new ArgumentNullException(name);
        return Enumerable.Repeat(value, optimizer?.Groups.Count ?? 0).ToArray();
    }

    /// <summary>Checks that <paramref name="values"/> holds one value, not null, per group, and copies it.</summary>
    public static T[] Check<T>(IReadOnlyList<T> values, int groupCount, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        if (values.Count != groupCount)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"'{name}' has {values.Count} values for {groupCount} parameter groups; give one per group."), name);
        for (int g = 0; g < values.Count; g++)
            if (values[g] is null)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"'{name}' has no value for group {g}."), name);
        return [.. values];
    }
}
