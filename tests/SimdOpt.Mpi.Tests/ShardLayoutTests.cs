using SimdOpt.Kernels.Internal;

namespace SimdOpt.Mpi.Tests;

public class ShardLayoutTests
{
    private const int Chunk = DeterministicReduction.ChunkLength;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    public void Shards_cover_the_buffer_in_rank_order_on_chunk_boundaries(int ranks)
    {
        int[] lengths = [70_000, 5, 40_000, 100, 33_000];
        var layout = ShardLayout.Create(lengths, ranks);

        Assert.Equal(ranks, layout.RankCount);
        Assert.Equal(9, layout.ChunkCount);
        int next = 0, chunk = 0;
        foreach (var shard in layout.Shards)
        {
            Assert.Equal(next, shard.Start);
            Assert.Equal(chunk, shard.FirstChunk);
            int length = 0;
            for (int c = shard.FirstChunk; c < shard.FirstChunk + shard.ChunkCount; c++)
                length += layout.Chunk(c).Length;
            Assert.Equal(length, shard.Length);
            next += shard.Length;
            chunk += shard.ChunkCount;
        }
        Assert.Equal(lengths.Sum(), next);
        Assert.Equal(layout.ChunkCount, chunk);
    }

    [Fact]
    public void Chunks_restart_at_every_tensor_as_the_optimizers_work_items_do()
    {
        var layout = ShardLayout.Create([Chunk + 10, 5], 1);

        Assert.Equal((0, Chunk), layout.Chunk(0));
        Assert.Equal((Chunk, 10), layout.Chunk(1));
        Assert.Equal((Chunk + 10, 5), layout.Chunk(2));
    }

    [Fact]
    public void Shards_are_as_even_as_whole_chunks_allow()
    {
        var layout = ShardLayout.Create([8 * Chunk], 3);

        Assert.Equal([3 * Chunk, 2 * Chunk, 3 * Chunk], layout.Shards.Select(s => s.Length));
    }

    [Fact]
    public void More_ranks_than_chunks_leaves_some_shards_empty()
    {
        var layout = ShardLayout.Create([100, 200], 4);

        Assert.Equal(300, layout.Shards.Sum(s => s.Length));
        Assert.Contains(layout.Shards, s => s.Length == 0);
        Assert.All(layout.Shards, s => Assert.True(s.ChunkCount <= 1));
    }

    [Fact]
    public void Bad_lengths_and_rank_counts_are_refused_by_name()
    {
        Assert.Equal("tensorLengths",
            Assert.Throws<ArgumentOutOfRangeException>(() => ShardLayout.Create([4, -1], 2)).ParamName);
        Assert.Equal("rankCount",
            Assert.Throws<ArgumentOutOfRangeException>(() => ShardLayout.Create([4], 0)).ParamName);
        Assert.Equal("tensorLengths",
            Assert.Throws<ArgumentException>(() => ShardLayout.Create([int.MaxValue, int.MaxValue], 2)).ParamName);
    }
}
