using System.Globalization;
using SimdOpt.Cli.Options;

namespace SimdOpt.Cli.Bench;

/// <summary>A model cut into <paramref name="Count"/> tensors of <paramref name="Size"/> elements each, written
/// <c>COUNTxSIZE</c> (e.g. <c>1000x1K</c>).</summary>
/// <param name="Count">How many tensors; at least 1.</param>
/// <param name="Size">The elements of each tensor; at least 1, and <c>Count * Size</c> fits in one array.</param>
internal readonly record struct TensorLayout(int Count, int Size)
{
    /// <summary>The elements of all tensors together.</summary>
    public int Elements => Count * Size;

    /// <summary>The layout as it is written on the command line: the count, <c>x</c>, the size in short form, e.g.
    /// <c>1000x1K</c>.</summary>
    public override string ToString() => Count.ToString(CultureInfo.InvariantCulture) + "x" + SizeList.Format(Size);
}
