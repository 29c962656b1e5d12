using System.Globalization;
using SimdOpt.Cli.Bench;

namespace SimdOpt.Cli.Options;

/// <summary>Models cut into tensors, written <c>COUNTxSIZE</c> and comma-separated: <c>1x1M,1000x1K</c>; SIZE as in
/// <see cref="SizeList"/>.</summary>
internal static class TensorLayoutList
{
    /// <summary>Parses a list such as <c>1x16M,1000x16K,100000x64</c>; null with <paramref name="error"/> set (one line
    /// naming the part) when a part is not a layout.</summary>
    public static TensorLayout[]? TryParse(string text, out string? error)
    {
        var layouts = new List<TensorLayout>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            error = TryParseOne(part, out var layout);
            if (error is not null)
            {
                error = $"'{part}' is not a layout: {error}";
                return null;
            }
            layouts.Add(layout);
        }
        error = null;
        return layouts.ToArray();
    }

    // Null when the part is a layout, else why it is not (the text after "'part' is not a layout: ").
    private static string? TryParseOne(string part, out TensorLayout layout)
    {
        layout = default;
        int x = part.IndexOfAny(['x', 'X']);
        if (x < 0)
            return "give COUNTxSIZE such as 1000x1K (COUNT tensors of SIZE elements; SIZE a whole number, "
                + "optionally with K (x1024) or M (x1048576)).";
        string countText = part[..x], sizeText = part[(x + 1)..];
        if (!long.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out long count) || count < 1)
            return $"the count '{countText}' is not a whole number of tensors of at least 1 "
                + $"(give COUNTxSIZE such as 1000x1K).";
        if (!SizeList.TryParseOne(sizeText, out int size))
            return $"the size '{sizeText}' is not a size: give a whole number of elements from 1 to {Array.MaxLength}, "
                + $"optionally with K (x1024) or M (x1048576).";
        if (count > Array.MaxLength / size)
            return string.Create(CultureInfo.InvariantCulture,
                $"{count} tensors of {SizeList.Format(size)} elements do not fit in one array "
                + $"(at most {Array.MaxLength} elements in all).");
        layout = new TensorLayout((int)count, size);
        return null;
    }
}
