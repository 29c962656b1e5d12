using System.Text;

namespace SimdOpt.Generators.Emit;

/// <summary>Writes indented C# lines.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public CodeWriter Line(string line = "")
    {
        if (line.Length > 0) _text.Append(' ', _indent * 4).Append(line);
        _text.Append('\n');
        return this;
    }

    /// <summary>Writes <paramref name="line"/> (unless empty: a bare block) and an opening brace, and
    /// indents.</summary>
    public CodeWriter Open(string line)
    {
        if (line.Length > 0) Line(line);
        Line("{");
        _indent++;
        return this;
    }

    public CodeWriter Close(string suffix = "")
    {
        _indent--;
        return Line("}" + suffix);
    }

    public override string ToString() => _text.ToString();
}
