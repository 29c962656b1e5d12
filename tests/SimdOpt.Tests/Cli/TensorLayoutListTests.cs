using SimdOpt.Cli.Bench;
using SimdOpt.Cli.Options;

namespace SimdOpt.Tests.Cli;

/// <summary><c>--tensors</c>: layouts written <c>COUNTxSIZE</c>, and a one-line error naming a part that is not
/// one.</summary>
public class TensorLayoutListTests
{
    [Theory]
    [InlineData("1x1M,1000x1K", new[] { 1, 1000 }, new[] { 1 << 20, 1 << 10 })]
    [InlineData("1x16M,1000x16K,100000x64", new[] { 1, 1000, 100000 }, new[] { 1 << 24, 16 << 10, 64 })]
    [InlineData("4X1k", new[] { 4 }, new[] { 1024 })]
    [InlineData(" 2x3 , 1x4K", new[] { 2, 1 }, new[] { 3, 4096 })]
    [InlineData("1x2147483591", new[] { 1 }, new[] { 2147483591 })] // Array.MaxLength
    [InlineData("2047x1M", new[] { 2047 }, new[] { 1 << 20 })]
    public void Layouts_parse(string text, int[] counts, int[] sizes)
    {
        var layouts = TensorLayoutList.TryParse(text, out string? error);
        Assert.Null(error);
        Assert.NotNull(layouts);
        Assert.Equal(counts.Zip(sizes, (count, size) => new TensorLayout(count, size)), layouts);
    }

    [Theory]
    [InlineData("1000y1K", "give COUNTxSIZE")]   // no x
    [InlineData("1000", "give COUNTxSIZE")]
    [InlineData("", "give COUNTxSIZE")]
    [InlineData("0x1K", "the count '0'")]       // zero count
    [InlineData("-1x1K", "the count '-1'")]
    [InlineData("x1K", "the count ''")]
    [InlineData("1.5x1K", "the count '1.5'")]
    [InlineData("1x0", "the size '0'")]        // bad sizes
    [InlineData("1x", "the size ''")]
    [InlineData("1x1.5K", "the size '1.5K'")]
    [InlineData("1x4G", "the size '4G'")]
    [InlineData("2x3x4", "the size '3x4'")]
    [InlineData("2048x1M", "do not fit in one array")] // 2^31 elements: overflow
    [InlineData("100000x1M", "do not fit in one array")]
    [InlineData("99999999999999999999x1", "the count '99999999999999999999'")]
    public void Non_layouts_are_refused_with_the_part_named(string part, string reason)
    {
        Assert.Null(TensorLayoutList.TryParse("1x1K," + part, out string? error));
        Assert.NotNull(error);
        Assert.StartsWith($"'{part.Trim()}' is not a layout: ", error);
        Assert.Contains(reason, error);
        Assert.DoesNotContain('\n', error);
    }

    [Theory]
    [InlineData(1, 1 << 20, "1x1M")]
    [InlineData(1000, 1024, "1000x1K")]
    [InlineData(100000, 64, "100000x64")]
    public void Layouts_print_as_written(int count, int size, string text)
    {
        var layout = new TensorLayout(count, size);
        Assert.Equal(text, layout.ToString());
        Assert.Equal(count * size, layout.Elements);
        Assert.Equal([layout], TensorLayoutList.TryParse(text, out _)!);
    }
}
