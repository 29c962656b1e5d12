using System.Globalization;
using SimdOpt.Kernels.Internal;

namespace SimdOpt.Mpi;

/// <summary>One rank's part of the flat parameter buffer: a run of whole chunks.</summary>
/// <param name="Rank">The rank that owns it.</param>
/// <param name="Start">Its first element in the flat buffer.</param>
/// <param name="Length">Its number of elements (0 when there are more ranks than chunks).</param>
/// <param name="FirstChunk">Its first chunk (see <see cref="ShardLayout"/>).</param>
/// <param name="ChunkCount">Its number of chunks.</param>
public readonly record struct Shard(int Rank, int Start, int Length, int FirstChunk, int ChunkCount);

/// <summary>
/// How a flat parameter buffer of tensors laid end to end (as <see cref="Training.ParameterBuffer{T}"/> lays them) is
/// cut among ranks. Each tensor is cut into chunks of <see cref="DeterministicReduction.ChunkLength"/> elements from
/// its first element (its last chunk may be shorter) — exactly the work items of <see cref="Training.Optimizer{T}"/>,
/// whose partial gradient norms are added in this chunk order. A shard is a run of whole chunks, so every rank computes
/// the partials of its own chunks, and the total is the same sum in the same order as in one process.
/// </summary>
public sealed class ShardLayout
{
    private readonly int[] _chunkStarts;
    private readonly Shard[] _shards;

    private ShardLayout(int[] tensorLengths, int[] chunkStarts, Shard[] shards, int elementCount)
    {
        TensorLengths = tensorLengths;
        _chunkStarts = chunkStarts;
        _shards = shards;
        ElementCount = elementCount;
    }

    /// <summary>Cuts the buffer of <paramref name="tensorLengths"/> among <paramref name="rankCount"/> ranks, in rank
    /// order, each shard as near to an equal share of the elements as whole chunks allow.</summary>
    /// <param name="tensorLengths">The length of every tensor, in buffer order.</param>
    /// <param name="rankCount">The number of ranks, at least 1.</param>
    /// <exception cref="ArgumentNullException"><paramref name="tensorLengths"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A length is negative, or <paramref name="rankCount"/> is below
    /// 1.</exception>
    /// <exception cref="ArgumentException">The tensors hold more elements than one array can.</exception>
    public static ShardLayout Create(IReadOnlyList<int> tensorLengths, int rankCount)
    {
        ArgumentNullException.ThrowIfNull(tensorLengths);
        ArgumentOutOfRangeException.ThrowIfLessThan(rankCount, 1);
        int[] lengths = [.. tensorLengths];
        long total = 0;
        var chunkStarts = new List<int>();
        for (int t = 0; t < lengths.Length; t++)
        {
            if (lengths[t] < 0)
                throw new ArgumentOutOfRangeException(nameof(tensorLengths), lengths[t],
                    Format($"Tensor {t} has a negative length, {lengths[t]}."));
            for (long start = 0; start < lengths[t]; start += DeterministicReduction.ChunkLength)
                chunkStarts.Add((int)(total + start));
            total += lengths[t];
            if (total > Array.MaxLength)
                throw new ArgumentException(Format(
                    $"The tensors hold more than {Array.MaxLength} elements together, more than one array can."),
                    nameof(tensorLengths));
        }
        chunkStarts.Add((int)total);
        int[] starts = [.. chunkStarts];
        int chunks = starts.Length - 1;

        var shards = new Shard[rankCount];
        int first = 0;
        for (int r = 0; r < rankCount; r++)
        {
            // The chunk boundary nearest to an equal share of the elements; the last rank takes the rest.
            long target = total * (r + 1) / rankCount;
            int end = first;
            while (end < chunks && (r == rankCount - 1 || starts[end + 1] - target <= target - starts[end])) end++;
            shards[r] = new Shard(r, starts[first], starts[end] - starts[first], first, end - first);
            first = end;
        }
        return new ShardLayout(lengths, starts, shards, (int)total);
    }

    /// <summary>The length of every tensor, in buffer order.</summary>
    public IReadOnlyList<int> TensorLengths { get; }

    /// <summary>The number of elements of the whole buffer.</summary>
    public int ElementCount { get; }

    /// <summary>The number of ranks.</summary>
    public int RankCount => _shards.Length;

    /// <summary>The number of chunks of the whole buffer.</summary>
    public int ChunkCount => _chunkStarts.Length - 1;

    /// <summary>The shards, in rank order; together they cover every element once.</summary>
    public IReadOnlyList<Shard> Shards => _shards;

    /// <summary>Chunk <paramref name="index"/>'s elements in the flat buffer.</summary>
    /// <param name="index">The chunk, from 0 to <see cref="ChunkCount"/> - 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">There is no such chunk.</exception>
    public (int Start, int Length) Chunk(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, ChunkCount);
        return (_chunkStarts[index], _chunkStarts[index + 1] - _chunkStarts[index]);
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
