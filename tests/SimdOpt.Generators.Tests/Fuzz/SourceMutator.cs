using System.Text;

namespace SimdOpt.Generators.Tests.Fuzz;

/// <summary>
/// Small random edits of a spec's source: characters deleted, inserted, swapped or replaced inside the attribute
/// strings (mostly) or anywhere in the C# text, whole attribute lines dropped, repeated or moved.
/// </summary>
internal sealed class SourceMutator(Random random)
{
    // Characters and C# escapes to insert: expression syntax, quotes and brackets, letters outside ASCII, line
    // separators.
    private static readonly string[] Insertions =
    {
        "a", "g", "p", "t", "x", "_", "0", "1", "9", ".", "e", "E", "+", "-", "*", "/", "(", ")", "?", ":", ",", "<", ">", "=", "!",
        "&", "|", " ", "\"", "\\", "[", "]", "{", "}", ";", "@", "#", "$", "%", "^", "~", "`", "'", "é", "٣", "\u00A0", "\t",
        "\\u2028", "\\n", "\\t", "\\\"", "\\u0000", "&&", "||", "==", "<=", "1e", "()", ", ", "sqrt(", "? 1 : ", "pow(t, ",
    };

    public string Mutate(string source)
    {
        int edits = 1 + random.Next(3);
        for (int i = 0; i < edits; i++) source = MutateOnce(source);
        return source;
    }

    private string MutateOnce(string source)
    {
        if (random.Next(8) == 0) return MutateLines(source);
        int position = random.Next(3) == 0 ? random.Next(source.Length) : PositionInString(source);
        return random.Next(5) switch
        {
            0 => source.Remove(position, 1),
            1 or 2 => source.Insert(position, Insertions[random.Next(Insertions.Length)]),
            3 => position + 1 < source.Length ? Swap(source, position) : source.Remove(position, 1),
            _ => source.Remove(position, 1).Insert(position, Insertions[random.Next(Insertions.Length)]),
        };
    }

    // A position inside the contents of one of the string literals of an attribute line.
    private int PositionInString(string source)
    {
        var candidates = new List<int>();
        bool inAttribute = false, inString = false;
        for (int i = 0; i < source.Length; i++)
        {
            char c = source[i];
            if (c == '\n') inAttribute = inString = false;
            else if (c == '[' && !inString) inAttribute = true;
            else if (inAttribute && c == '"' && (i == 0 || source[i - 1] != '\\')) inString = !inString;
            else if (inString) candidates.Add(i);
        }
        return candidates.Count == 0 ? random.Next(source.Length) : candidates[random.Next(candidates.Count)];
    }

    private static string Swap(string source, int position)
    {
        var chars = source.ToCharArray();
        (chars[position], chars[position + 1]) = (chars[position + 1], chars[position]);
        return new string(chars);
    }

    private string MutateLines(string source)
    {
        var lines = source.Split('\n').ToList();
        var attributes = Enumerable.Range(0, lines.Count).Where(i => lines[i].StartsWith('[')).ToList();
        if (attributes.Count < 2) return source;
        int a = attributes[random.Next(attributes.Count)], b = attributes[random.Next(attributes.Count)];
        switch (random.Next(3))
        {
            case 0:
                lines.RemoveAt(a);
                break;
            case 1:
                lines.Insert(b, lines[a]);
                break;
            default:
                (lines[a], lines[b]) = (lines[b], lines[a]);
                break;
        }
        return string.Join('\n', lines);
    }

    /// <summary>A random run of expression characters and tokens, most of it not a valid expression.</summary>
    public string Garble()
    {
        var text = new StringBuilder();
        int length = random.Next(0, 12);
        for (int i = 0; i < length; i++)
            text.Append(random.Next(3) == 0 ? Insertions[random.Next(Insertions.Length)] : Tokens[random.Next(Tokens.Length)]);
        return text.ToString();
    }

    private static readonly string[] Tokens =
    {
        "g", "p", "t", "lr", "beta1", "eps", "exp_avg", "amsgrad", "1", "0.5", "1e-8", " + ", " - ", " * ", " / ", "(", ")", " ? ", " : ",
        " < ", " >= ", " == ", " != ", " && ", " || ", "!", "-", "sqrt(", "max(", "clamp(", "pow(", "exp(", ", ", "true", "false",
    };
}
