namespace SimdOpt.Mpi.Tests;

public class InProcessRanksTests
{
    [Fact]
    public void All_gather_puts_every_piece_in_rank_order_on_every_rank()
    {
        var results = new int[3][];
        InProcessRanks.Run(3, world =>
        {
            int[] counts = [2, 0, 3];
            var mine = Enumerable.Repeat(world.Rank + 1, counts[world.Rank]).ToArray();
            var all = new int[5];
            world.AllGather<int>(mine, all, counts);
            results[world.Rank] = all;
        });

        Assert.All(results, all => Assert.Equal([1, 1, 3, 3, 3], all));
    }

    [Fact]
    public void All_gather_in_place_keeps_each_ranks_piece()
    {
        var results = new double[2][];
        InProcessRanks.Run(2, world =>
        {
            var all = new double[4];
            all[2 * world.Rank] = world.Rank + 0.5;
            all[2 * world.Rank + 1] = world.Rank + 0.25;
            world.AllGather<double>(all.AsSpan(2 * world.Rank, 2), all, [2, 2]);
            results[world.Rank] = all;
        });

        Assert.All(results, all => Assert.Equal([0.5, 0.25, 1.5, 1.25], all));
    }

    [Fact]
    public void All_to_all_delivers_each_piece_to_its_rank()
    {
        var results = new int[3][];
        InProcessRanks.Run(3, world =>
        {
            // Rank s sends r + 1 copies of 10 * s + r to rank r.
            var send = new List<int>();
            for (int r = 0; r < 3; r++) send.AddRange(Enumerable.Repeat(10 * world.Rank + r, r + 1));
            var receive = new int[3 * (world.Rank + 1)];
            world.AllToAll<int>(send.ToArray(), [1, 2, 3], receive, [world.Rank + 1, world.Rank + 1, world.Rank + 1]);
            results[world.Rank] = receive;
        });

        Assert.Equal([0, 10, 20], results[0]);
        Assert.Equal([1, 1, 11, 11, 21, 21], results[1]);
        Assert.Equal([2, 2, 2, 12, 12, 12, 22, 22, 22], results[2]);
    }

    [Fact]
    public void A_failing_rank_releases_the_others_and_its_exception_is_rethrown()
    {
        var e = Assert.Throws<InvalidOperationException>(() => InProcessRanks.Run(3, world =>
        {
            if (world.Rank == 1) throw new InvalidOperationException("rank 1 fails");
            world.Barrier();
        }));

        Assert.Equal("rank 1 fails", e.Message);
    }

    [Fact]
    public void A_wrong_call_is_refused_by_argument_name()
    {
        var e = Assert.Throws<ArgumentException>(() => InProcessRanks.Run(2, world =>
            world.AllGather<int>(new int[3], new int[4], [2, 2])));

        Assert.Equal("mine", e.ParamName);
        Assert.Equal("size",
            Assert.Throws<ArgumentOutOfRangeException>(() => InProcessRanks.Run(0, _ => { })).ParamName);
    }
}
