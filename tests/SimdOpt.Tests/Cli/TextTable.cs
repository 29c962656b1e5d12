namespace SimdOpt.Tests.Cli;

/// <summary>
/// A table as Spectre.Console prints it with square Unicode borders, read back from text: the title lines above it,
/// the header cells and the rows (a row continued on further lines because a cell wrapped is joined up again).
/// </summary>
internal sealed record TextTable(string Title, string[] Header, List<string[]> Rows)
{
    /// <summary>The cell of <paramref name="row"/> under the header <paramref name="column"/>.</summary>
    public string Cell(string[] row, string column)
    {
        int index = Array.IndexOf(Header, column);
        if (index < 0) throw new ArgumentException($"No column '{column}' in [{string.Join(", ", Header)}].", nameof(column));
        return row[index];
    }

    /// <summary>The row whose first cell is <paramref name="first"/>.</summary>
    public string[] Row(string first) =>
        Rows.SingleOrDefault(r => r[0] == first) ?? throw new ArgumentException($"No row '{first}' in table '{Title}'.", nameof(first));

    /// <summary>Every table in <paramref name="text"/>, in order.</summary>
    public static List<TextTable> ParseAll(string text)
    {
        var tables = new List<TextTable>();
        var lines = text.Replace("\r", "").Split('\n').Select(l => l.TrimEnd()).ToArray();
        for (int i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith('┌')) continue;
            string title = ReadTitle(lines, i);
            string[]? header = null;
            var rows = new List<string[]>();
            for (i++; i < lines.Length && !lines[i].StartsWith('└'); i++)
            {
                if (lines[i].StartsWith('├')) continue;
                var cells = lines[i].Trim('│').Split('│').Select(c => c.Trim()).ToArray();
                if (header is null) header = cells;
                else if (cells[0].Length == 0 && rows.Count > 0)
                    rows[^1] = rows[^1].Zip(cells, (a, b) => b.Length == 0 ? a : a + " " + b).ToArray();
                else rows.Add(cells);
            }
            tables.Add(new TextTable(title, header ?? [], rows));
        }
        return tables;
    }

    // The title is the run of lines just above the top border that are centred over the table's width.
    private static string ReadTitle(string[] lines, int border)
    {
        int width = lines[border].Length;
        int first = border;
        while (first > 0 && IsCentred(lines[first - 1], width)) first--;
        return string.Join(" ", lines[first..border].Select(l => l.Trim()));
    }

    private static bool IsCentred(string line, int width)
    {
        string text = line.TrimStart();
        if (text.Length == 0 || text.Length > width || "┌└│├─".Contains(text[0])) return false; // borders and rules are no title
        int indent = line.Length - text.Length;
        return Math.Abs(indent - (width - text.Length) / 2.0) <= 1;
    }
}
