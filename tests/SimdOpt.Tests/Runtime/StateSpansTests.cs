using SimdOpt.Kernels;

namespace SimdOpt.Tests.Runtime;

/// <summary><see cref="StateSpans{T}"/>: buffer k views <c>[k * stride + offset, + length)</c> of the block; slices
/// compose; bad views are refused.</summary>
public sealed class StateSpansTests
{
    /// <summary>Each buffer views its stretch of the block, and nothing else.</summary>
    [Fact]
    public void Buffers_view_their_stretch_of_the_block()
    {
        var block = Enumerable.Range(0, 30).Select(i => (float)i).ToArray();
        var spans = new StateSpans<float>(block, count: 3, stride: 10, offset: 2, length: 5);
        Assert.Equal([2f, 3, 4, 5, 6], spans[0].ToArray());
        Assert.Equal([12f, 13, 14, 15, 16], spans[1].ToArray());
        Assert.Equal([22f, 23, 24, 25, 26], spans[2].ToArray());
        spans[1][4] = -1;
        Assert.Equal(-1, block[16]);
        Assert.Equal((3, 10, 2, 5), (spans.Count, spans.Stride, spans.Offset, spans.Length));
    }

    /// <summary>The three-argument form views whole buffers laid end to end.</summary>
    [Fact]
    public void Whole_buffers_end_to_end()
    {
        var spans = new StateSpans<double>(new double[8], 2, 4);
        Assert.Equal((2, 4, 0, 4), (spans.Count, spans.Stride, spans.Offset, spans.Length));
        spans[1][0] = 9;
        Assert.Equal(9, spans[1][0]);
    }

    /// <summary>A slice views the same buffers from a start relative to the view; slices of slices compose.</summary>
    [Fact]
    public void Slices_compose()
    {
        var block = Enumerable.Range(0, 20).Select(i => (double)i).ToArray();
        var slice = new StateSpans<double>(block, 2, 10, 1, 8).Slice(2, 5).Slice(1, 3);
        Assert.Equal((2, 10, 4, 3), (slice.Count, slice.Stride, slice.Offset, slice.Length));
        Assert.Equal([4.0, 5, 6], slice[0].ToArray());
        Assert.Equal([14.0, 15, 16], slice[1].ToArray());
        Assert.Equal(0, new StateSpans<double>(block, 2, 10, 1, 8).Slice(8, 0).Length);
    }

    /// <summary>Views that do not fit are refused, naming the argument.</summary>
    [Fact]
    public void Views_that_do_not_fit_are_refused()
    {
        var block = new float[20];
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => new StateSpans<float>(block, -1, 10, 0, 10)).ParamName);
        Assert.Equal("stride", Assert.Throws<ArgumentOutOfRangeException>(() => new StateSpans<float>(block, 2, -1, 0, 0)).ParamName);
        Assert.Equal("offset", Assert.Throws<ArgumentOutOfRangeException>(() => new StateSpans<float>(block, 2, 10, -1, 5)).ParamName);
        Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => new StateSpans<float>(block, 2, 10, 0, -1)).ParamName);
        Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => new StateSpans<float>(block, 2, 10, 6, 5)).ParamName);
        Assert.Equal("block", Assert.Throws<ArgumentOutOfRangeException>(() => new StateSpans<float>(block, 3, 10, 0, 10)).ParamName);
    }

    /// <summary>Buffers and slices outside the view are refused, naming the argument.</summary>
    [Fact]
    public void Indices_and_slices_outside_are_refused()
    {
        var block = new float[20];
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => _ = new StateSpans<float>(block, 2, 10)[2].Length).ParamName);
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => _ = new StateSpans<float>(block, 2, 10)[-1].Length).ParamName);
        Assert.Equal("start", Assert.Throws<ArgumentOutOfRangeException>(() => new StateSpans<float>(block, 2, 10).Slice(11, 0)).ParamName);
        Assert.Equal("start", Assert.Throws<ArgumentOutOfRangeException>(() => new StateSpans<float>(block, 2, 10).Slice(4, 7)).ParamName);
        Assert.Equal("start", Assert.Throws<ArgumentOutOfRangeException>(() => new StateSpans<float>(block, 2, 10).Slice(-1, 2)).ParamName);
    }

    /// <summary>The shape survives whole at the ends of its range (count, stride, offset and length are kept two to a
    /// word), and a view reaches neither before its block nor past the last buffer's stretch.</summary>
    [Fact]
    public void Shape_holds_at_the_ends_of_its_range()
    {
        var wide = new StateSpans<float>(Span<float>.Empty, 0, int.MaxValue, int.MaxValue - 5, 5);
        Assert.Equal((0, int.MaxValue, int.MaxValue - 5, 5), (wide.Count, wide.Stride, wide.Offset, wide.Length));
        Assert.Equal((0, int.MaxValue, int.MaxValue - 2, 2), (wide.Slice(3, 2).Count, wide.Slice(3, 2).Stride,
            wide.Slice(3, 2).Offset, wide.Slice(3, 2).Length));
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(
            () => _ = new StateSpans<float>(Span<float>.Empty, 0, int.MaxValue, int.MaxValue - 5, 5)[0].Length)
            .ParamName);
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => _ = default(StateSpans<float>)[0].Length)
            .ParamName);

        var block = Enumerable.Range(0, 12).Select(i => (float)i).ToArray();
        var last = new StateSpans<float>(block.AsSpan(1, 10), 2, 5, 3, 2);
        Assert.Equal([4f, 5], last[0].ToArray());
        Assert.Equal([9f, 10], last[1].ToArray());
        Assert.Equal([10f], last.Slice(1, 1)[1].ToArray());
    }
}
