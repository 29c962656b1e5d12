using System.Globalization;

namespace SimdOpt.Mpi;

/// <summary>The argument checks every <see cref="IRankCommunicator"/> makes before it moves anything, so a wrong call
/// fails on the rank that made it, naming the argument, rather than corrupting memory or hanging.</summary>
internal static class CollectiveArguments
{
    /// <summary>Checks a count per rank, each zero or more, and returns their sum.</summary>
    public static long Total(ReadOnlySpan<int> counts, int size, string name)
    {
        if (counts.Length != size)
            throw new ArgumentException(Format($"{name} has {counts.Length} entries, but there are {size} ranks."),
                name);
        long total = 0;
        for (int r = 0; r < counts.Length; r++)
        {
            if (counts[r] < 0)
                throw new ArgumentOutOfRangeException(name, counts[r], Format($"The count of rank {r} is negative."));
            total += counts[r];
        }
        return total;
    }

    /// <summary>Checks that a span holds exactly <paramref name="expected"/> elements.</summary>
    public static void Length(int actual, long expected, string name)
    {
        if (actual != expected)
            throw new ArgumentException(Format($"{name} has {actual} elements, but the counts call for {expected}."),
                name);
    }

    /// <summary>Checks the arguments of an all-gather.</summary>
    public static void AllGather(int mine, int all, ReadOnlySpan<int> counts, int rank, int size)
    {
        long total = Total(counts, size, nameof(counts));
        Length(mine, counts[rank], nameof(mine));
        Length(all, total, nameof(all));
    }

    /// <summary>Checks the arguments of an all-to-all.</summary>
    public static void AllToAll(int send, ReadOnlySpan<int> sendCounts, int receive, ReadOnlySpan<int> receiveCounts,
        int size)
    {
        Length(send, Total(sendCounts, size, nameof(sendCounts)), nameof(send));
        Length(receive, Total(receiveCounts, size, nameof(receiveCounts)), nameof(receive));
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
