using System.Text;

namespace SimdOpt.Generators.Tests.Infrastructure;

/// <summary>A unified line diff (longest common subsequence), for readable snapshot failures.</summary>
internal static class TextDiff
{
    private const int Context = 3;
    private const int MaxLines = 200;

    /// <summary>The differing lines of <paramref name="expected"/> and <paramref name="actual"/> with context, "-"
    /// expected, "+" actual.</summary>
    public static string Unified(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        // common[i, j]: length of the longest common subsequence of a[i..] and b[j..].
        var common = new int[a.Length + 1, b.Length + 1];
        for (int i = a.Length - 1; i >= 0; i--)
            for (int j = b.Length - 1; j >= 0; j--)
                common[i, j] = a[i] == b[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);

        var lines = new List<(char Kind, int Line, string Text)>();
        for (int i = 0, j = 0; i < a.Length || j < b.Length;)
        {
            if (i < a.Length && j < b.Length && a[i] == b[j]) { lines.Add((' ', i + 1, a[i])); i++; j++; }
            else if (j < b.Length && (i == a.Length || common[i, j + 1] >= common[i + 1, j])) { lines.Add(('+', j + 1, b[j])); j++; }
            else { lines.Add(('-', i + 1, a[i])); i++; }
        }

        var output = new StringBuilder();
        int written = 0, lastShown = -1;
        for (int k = 0; k < lines.Count && written < MaxLines; k++)
        {
            bool near = false;
            for (int d = Math.Max(0, k - Context); d <= Math.Min(lines.Count - 1, k + Context) && !near; d++)
                near = lines[d].Kind != ' ';
            if (!near) continue;
            if (k != lastShown + 1) output.Append("@@ expected line ").Append(lines[k].Line).Append('\n');
            output.Append(lines[k].Kind).Append(' ').Append(lines[k].Text).Append('\n');
            lastShown = k;
            written++;
        }
        if (written == MaxLines) output.Append("... (diff cut after ").Append(MaxLines).Append(" lines)\n");
        return output.ToString();
    }
}
