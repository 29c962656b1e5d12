using System.Text;
using System.Text.Json;
using static SimdOpt.Benchmarks.Reporting.ReportText;

namespace SimdOpt.Benchmarks.Reporting;

/// <summary>
/// The part of the results section that comes from <c>simdopt bench --tensors ... --json</c> rather than from
/// BenchmarkDotNet: the training runtime's step over models cut into tensors, every row timed in one process with the
/// rows taking turns. Two models doing the same work differ by up to ±50% between BenchmarkDotNet's processes on a
/// shared host (where their memory lands), so the 15% comparison is read from these runs. They are the JSON files in
/// the run folder's <see cref="Folder"/> subfolder, one per run, in the order of their names.
/// </summary>
public static class TensorBenchReport
{
    /// <summary>The subfolder of a run folder that holds the CLI's JSON files.</summary>
    public const string Folder = "tensors";

    /// <summary>Appends the section for the JSON files under <paramref name="runFolder"/>, if there are any.</summary>
    /// <param name="text">The results section being built.</param>
    /// <param name="runFolder">The run's results folder.</param>
    public static void Append(StringBuilder text, string runFolder)
    {
        string folder = Path.Combine(runFolder, Folder);
        if (!Directory.Exists(folder)) return;
        var runs = Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).Select(Read).ToArray();
        if (runs.Length == 0) return;

        Heading(text, "The multi-tensor step in one process (`simdopt bench --tensors`)",
            "`Optimizer<float>.Step()` per element, ns (and against the first column), every column of a line timed in one process with the runs "
            + "taking turns, each model built in several fresh placements and the median of their best runs taken. One line per run, as "
            + $"`dotnet run --project src/SimdOpt.Cli -c Release -- bench --optimizer NAME --tensors LAYOUTS --threads N --placements P --json` printed it (docs/results/…/{Folder}/).");
        foreach (var table in runs.GroupBy(r => string.Join(" | ", r.Columns)))
        {
            var columns = table.First().Columns;
            text.AppendLine("| run | optimizer | threads | placements | " + string.Join(" | ", columns) + " |");
            text.AppendLine("|---|---|---:|---:|" + string.Concat(columns.Select(_ => "---:|")));
            foreach (var run in table)
            {
                var cells = run.Rows.Select((r, j) => j == 0 ? F(r.NanosecondsPerElement) : $"{F(r.NanosecondsPerElement)} ({Percent(r.AgainstFirst)})");
                text.AppendLine($"| {run.Name} | {run.Optimizer} | {run.Threads} | {run.Placements} | {string.Join(" | ", cells)} |");
            }
            text.AppendLine();
        }
    }

    private sealed record Row(string Column, double NanosecondsPerElement, double AgainstFirst);

    private sealed record Run(string Name, string Optimizer, int Threads, int Placements, Row[] Rows)
    {
        public string[] Columns => [.. Rows.Select(r => r.Column)];
    }

    private static Run Read(string file)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToArray();
        if (results.Length == 0) throw new InvalidDataException($"{file} holds no results.");
        var rows = results.Select(r => new Row($"{r.GetProperty("layout").GetString()}, {r.GetProperty("memory").GetString()}",
            r.GetProperty("nsPerElement").GetDouble(), r.GetProperty("againstFirst").GetDouble())).ToArray();
        var first = results[0];
        return new Run(Path.GetFileNameWithoutExtension(file), first.GetProperty("optimizer").GetString()!, first.GetProperty("threads").GetInt32(),
            first.GetProperty("placements").GetInt32(), rows);
    }
}
