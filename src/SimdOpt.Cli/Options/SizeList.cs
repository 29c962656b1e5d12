using System.Globalization;

namespace SimdOpt.Cli.Options;

/// <summary>Element counts written the short way: <c>1K</c> = 1,024, <c>16M</c> = 16 x 1,048,576, or plain
/// integers.</summary>
internal static class SizeList
{
    /// <summary>The sizes of the full comparison: 1K to 16M, each 16 times the one before.</summary>
    public static readonly IReadOnlyList<int> Default = [1 << 10, 1 << 14, 1 << 18, 1 << 22, 1 << 24];

    /// <summary>Parses a comma-separated list such as <c>1K,16K,4M</c>; null with <paramref name="error"/> set when a
    /// part is not a positive size.</summary>
    public static int[]? TryParse(string text, out string? error)
    {
        var sizes = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!TryParseOne(part, out int size))
            {
                error = $"'{part}' is not a size: give a whole number of elements from 1 to {Array.MaxLength}, "
                    + $"optionally with K (x1024) or M (x1048576), e.g. 1K,16K,4M.";
                return null;
            }
            sizes.Add(size);
        }
        error = null;
        return sizes.ToArray();
    }

    /// <summary>The short form of <paramref name="size"/>: <c>16M</c>, <c>1K</c>, or the plain number.</summary>
    public static string Format(int size) =>
        size % (1 << 20) == 0 ? (size >> 20).ToString(CultureInfo.InvariantCulture) + "M"
        : size % (1 << 10) == 0 ? (size >> 10).ToString(CultureInfo.InvariantCulture) + "K"
        : size.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses one size such as <c>16K</c> or <c>1000</c>; false when <paramref name="text"/> is not a whole
    /// number of elements from 1 to <see cref="Array.MaxLength"/>.</summary>
    public static bool TryParseOne(string text, out int size)
    {
        size = 0;
        if (text.Length == 0) return false;
        long unit = char.ToUpperInvariant(text[^1]) switch { 'K' => 1L << 10, 'M' => 1L << 20, _ => 1 };
        string digits = unit == 1 ? text : text[..^1];
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long count)) return false;
        if (count < 1 || count > Array.MaxLength / unit) return false;
        size = (int)(count * unit);
        return true;
    }
}
