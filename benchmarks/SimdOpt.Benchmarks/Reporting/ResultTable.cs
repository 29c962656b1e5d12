using System.Globalization;

namespace SimdOpt.Benchmarks.Reporting;

/// <summary>
/// One BenchmarkDotNet CSV report (<c>*-report.csv</c>) as rows of named cells: the benchmark class's measurements,
/// read back so the documentation's tables come from the run and not from hand copying.
/// </summary>
public sealed class ResultTable
{
    private readonly string[] _header;
    private readonly List<string[]> _rows;

    private ResultTable(string[] header, List<string[]> rows)
    {
        _header = header;
        _rows = rows;
    }

    /// <summary>The rows, each a lookup from column name to cell text.</summary>
    public IEnumerable<Func<string, string>> Rows => _rows.Select(row => (Func<string, string>)(column => Cell(row, column)));

    /// <summary>Reads the CSV report of benchmark class <paramref name="className"/> (e.g.
    /// <c>AdamWHeadlineBenchmarks</c>) from <paramref name="folder"/>, or null when the run had none.</summary>
    /// <param name="folder">BenchmarkDotNet's results folder.</param>
    /// <param name="className">The benchmark class's simple name.</param>
    /// <exception cref="InvalidDataException">The file is not a BenchmarkDotNet CSV report.</exception>
    public static ResultTable? Load(string folder, string className)
    {
        string? file = Directory.GetFiles(folder, "*-report.csv").FirstOrDefault(f => Path.GetFileName(f).Contains("." + className + "-", StringComparison.Ordinal));
        if (file is null) return null;
        var lines = File.ReadAllLines(file).Where(l => l.Length > 0).Select(SplitCsv).ToList();
        if (lines.Count == 0 || !lines[0].Contains("Method")) throw new InvalidDataException($"{file} is not a BenchmarkDotNet CSV report.");
        return new ResultTable(lines[0], lines.Skip(1).ToList());
    }

    /// <summary>A number cell without its unit or grouping, e.g. <c>"6,691.4 ns"</c> as 6691.4 or <c>"5.45x"</c> as
    /// 5.45; NaN when empty or <c>-</c>.</summary>
    /// <param name="text">The cell.</param>
    public static double Number(string text)
    {
        string digits = new(text.Where(c => char.IsDigit(c) || c is '.' or '-' or 'E' or 'e' or '+').ToArray());
        return double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : double.NaN;
    }

    /// <summary>A median cell (<c>"6,677.6 ns"</c>, <c>"1.2 μs"</c>, <c>"3.4 ms"</c>) in nanoseconds.</summary>
    /// <param name="text">The cell.</param>
    public static double Nanoseconds(string text)
    {
        double value = Number(text);
        string unit = text.TrimEnd().Split(' ').Last();
        return unit switch
        {
            "ns" => value,
            "us" or "μs" => value * 1e3,
            "ms" => value * 1e6,
            "s" => value * 1e9,
            _ => throw new InvalidDataException($"'{text}' has no time unit."),
        };
    }

    private string Cell(string[] row, string column)
    {
        int index = Array.IndexOf(_header, column);
        if (index < 0) throw new InvalidDataException($"The report has no column '{column}'.");
        return index < row.Length ? row[index] : "";
    }

    // RFC 4180 as BenchmarkDotNet writes it: commas separate, quotes wrap cells that hold commas.
    private static string[] SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(c);
        }
        cells.Add(cell.ToString());
        return cells.ToArray();
    }
}
