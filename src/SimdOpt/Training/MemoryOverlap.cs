using System.Buffers;
using System.Globalization;

namespace SimdOpt.Training;

/// <summary>A registered buffer: the values, the gradient or an input of one tensor.</summary>
/// <param name="Group">The tensor's group.</param>
/// <param name="Tensor">The tensor's index in its group.</param>
/// <param name="IsGradient">Whether this is the gradient (else the parameter values, or the input).</param>
/// <param name="Input">The name of the input this is, or null.</param>
internal readonly record struct BufferName(int Group, int Tensor, bool IsGradient, string? Input = null)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"the {(Input is not null ? "input '" + Input + "'" : IsGradient ? "gradient" : "parameter")} of tensor "
            + $"{Tensor} in group {Group}");
}

/// <summary>
/// Checks that no two registered buffers share memory. A step writes parameters while reading gradients, and clipping
/// and loss scaling rewrite gradients, so a buffer registered twice, or a gradient inside a parameter, would be
/// updated twice or read while written. Every buffer is pinned for the check, so arrays, slices, memory managers and
/// native memory are all compared by address.
/// </summary>
internal static class MemoryOverlap
{
    /// <summary>Throws naming the first two buffers that overlap.</summary>
    /// <param name="buffers">Every buffer, with its name.</param>
    /// <param name="argument">The argument to name in the exception.</param>
    /// <exception cref="ArgumentException">Two buffers overlap.</exception>
    public static unsafe void EnsureDisjoint<T>(IReadOnlyList<(Memory<T> Memory, BufferName Name)> buffers,
        string argument)
        where T : unmanaged
    {
        var handles = new MemoryHandle[buffers.Count];
        try
        {
            var ranges = new List<(nuint Start, nuint End, int Index)>(buffers.Count);
            for (int i = 0; i < buffers.Count; i++)
            {
                if (buffers[i].Memory.IsEmpty) continue;   // an empty buffer shares no element with anything
                handles[i] = buffers[i].Memory.Pin();
                nuint start = (nuint)handles[i].Pointer;
                ranges.Add((start, start + (nuint)buffers[i].Memory.Length * (nuint)sizeof(T), i));
            }
            ranges.Sort((a, b) => a.Start.CompareTo(b.Start));
            // Sorted by start, a range overlaps an earlier one exactly when it starts before the furthest end so far.
            for (int k = 1, furthest = 0; k < ranges.Count; k++)
            {
                if (ranges[k].Start < ranges[furthest].End)
                    throw Overlap(buffers, ranges[furthest], ranges[k], argument);
                if (ranges[k].End > ranges[furthest].End) furthest = k;
            }
        }
        finally
        {
            foreach (var handle in handles) handle.Dispose();
        }
    }

    private static ArgumentException Overlap<T>(IReadOnlyList<(Memory<T> Memory, BufferName Name)> buffers,
        (nuint Start, nuint End, int Index) first, (nuint Start, nuint End, int Index) second, string argument)
    {
        var (a, b) = first.Index < second.Index ? (first, second) : (second, first);
        BufferName nameA = buffers[a.Index].Name, nameB = buffers[b.Index].Name;
        string problem = a.Start == b.Start && a.End == b.End
            ? (nameA.IsGradient || nameB.IsGradient || nameA.Input is not null || nameB.Input is not null
                ? "is the same memory as"
                : "is registered twice: it is the same memory as")
            : "overlaps";
        return new ArgumentException(
            $"{Capitalize(nameB.ToString())} {problem} {nameA}; "
            + "every parameter, gradient and input buffer must be separate memory.", argument);
    }

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
