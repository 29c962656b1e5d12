using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace SimdOpt.Generators.Model;

/// <summary>A source location without a reference to the syntax tree, so models stay cacheable.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo? From(SyntaxNode? node) => node is null ? null : From(node.SyntaxTree, node.Span);

    /// <summary>The smallest location covering both, or whichever is known.</summary>
    public static LocationInfo? Union(LocationInfo? first, LocationInfo? last)
    {
        if (first is null) return last;
        if (last is null || first.FilePath != last.FilePath || last.Span.End < first.Span.Start) return first;
        return new LocationInfo(first.FilePath, TextSpan.FromBounds(first.Span.Start, last.Span.End),
            new LinePositionSpan(first.LineSpan.Start, last.LineSpan.End));
    }

    public static LocationInfo From(SyntaxTree tree, TextSpan span) =>
        new(tree.FilePath, span, tree.GetLineSpan(span).Span);
}
