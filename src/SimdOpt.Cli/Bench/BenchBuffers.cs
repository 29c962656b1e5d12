using SimdOpt.Kernels;

namespace SimdOpt.Cli.Bench;

/// <summary>
/// The arrays a benchmark steps, allocated once for the largest size and state count and reused for every
/// optimizer and path: parameters (restored from a pristine copy before each optimizer), gradients, and one block
/// holding the state buffers one <see cref="AlignedMemory.Stride{T}"/> apart. All of it is <see cref="AlignedMemory"/>,
/// as the library allocates its own buffers: aligned, and each large stream at its own offset in its page.
/// </summary>
internal sealed class BenchBuffers
{
    private readonly float[] _pristine;
    private readonly int _stateCount;

    /// <summary>Allocates room for <paramref name="length"/> elements and <paramref name="stateCount"/> state buffers,
    /// filled from <paramref name="seed"/>.</summary>
    public BenchBuffers(int length, int stateCount, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        ArgumentOutOfRangeException.ThrowIfNegative(stateCount);
        if ((long)stateCount * length > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(length), length,
                $"{stateCount} state buffers of {length} elements do not fit in one array.");
        var random = new Random(seed);
        _pristine = new float[length];
        Gradients = AlignedMemory.Allocate<float>(length);
        Span<float> gradients = Gradients;
        for (int i = 0; i < length; i++)
        {
            _pristine[i] = (float)(random.NextDouble() * 2 - 1);
            // Gradients away from zero, so no optimizer's state decays into subnormal numbers during a long run.
            gradients[i] = (float)((0.5 + random.NextDouble()) * (random.Next(2) == 0 ? -1 : 1));
        }
        Parameters = AlignedMemory.Allocate<float>(length);
        _pristine.CopyTo(Parameters.AsSpan());
        _stateCount = stateCount;
        // A stride only grows with the length, so a shorter step's buffers fit in the longest's block.
        StateBlock = AlignedMemory.AllocateBlock<float>(length, stateCount, out _);
    }

    /// <summary>The bytes the buffers for <paramref name="length"/> elements and <paramref name="stateCount"/> state
    /// buffers take: parameters, their pristine copy, gradients and the state block.</summary>
    public static long BytesFor(int length, int stateCount) => (3L + stateCount) * length * sizeof(float);

    /// <summary>The largest number of elements a step may cover.</summary>
    public int Capacity => Parameters.Count;

    /// <summary>The parameters, updated in place by every step.</summary>
    public ArraySegment<float> Parameters { get; }

    /// <summary>The gradients, the same for every step.</summary>
    public ArraySegment<float> Gradients { get; }

    /// <summary>The state buffers; for a step over n elements, buffer k holds <c>[k * s, k * s + n)</c> with s
    /// <see cref="StateStride"/>(n).</summary>
    public ArraySegment<float> StateBlock { get; }

    /// <summary>The distance between two state buffers of a step over <paramref name="length"/> elements.</summary>
    public int StateStride(int length) => AlignedMemory.Stride<float>(length, _stateCount);

    /// <summary>Restores the first <paramref name="length"/> parameters to their starting values.</summary>
    public void RestoreParameters(int length) => _pristine.AsSpan(0, length).CopyTo(Parameters.AsSpan());
}
