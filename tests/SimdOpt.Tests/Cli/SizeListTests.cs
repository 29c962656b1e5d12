using SimdOpt.Cli.Options;

namespace SimdOpt.Tests.Cli;

public class SizeListTests
{
    [Theory]
    [InlineData("1K", new[] { 1024 })]
    [InlineData("1k,16K,4M", new[] { 1024, 16384, 4194304 })]
    [InlineData("1000, 3", new[] { 1000, 3 })]
    [InlineData("16M", new[] { 16777216 })]
    public void Sizes_parse(string text, int[] expected)
    {
        Assert.Equal(expected, SizeList.TryParse(text, out string? error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("K")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1.5K")]
    [InlineData("3000M")]
    [InlineData("1K,,2K")]
    [InlineData("12x")]
    public void Non_sizes_are_refused_with_the_part_named(string text)
    {
        Assert.Null(SizeList.TryParse(text, out string? error));
        Assert.NotNull(error);
        Assert.Contains("is not a size", error);
    }

    [Theory]
    [InlineData(1024, "1K")]
    [InlineData(16777216, "16M")]
    [InlineData(1000, "1000")]
    [InlineData(3072, "3K")]
    public void Sizes_format_short(int size, string text) => Assert.Equal(text, SizeList.Format(size));
}
