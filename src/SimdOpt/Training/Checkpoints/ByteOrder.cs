using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace SimdOpt.Training;

/// <summary>Checkpoints are little-endian; a big-endian machine swaps the bytes of every element on the way in and
/// out.</summary>
internal static class ByteOrder
{
    /// <summary>Reverses the byte order of each element of <paramref name="elementSize"/> bytes (2, 4 or 8).</summary>
    public static void ReverseElements(Span<byte> bytes, int elementSize)
    {
        if (elementSize == sizeof(ushort))
        {
            var halves = MemoryMarshal.Cast<byte, ushort>(bytes);
            BinaryPrimitives.ReverseEndianness(halves, halves);
        }
        else if (elementSize == sizeof(uint))
        {
            var words = MemoryMarshal.Cast<byte, uint>(bytes);
            BinaryPrimitives.ReverseEndianness(words, words);
        }
        else
        {
            var words = MemoryMarshal.Cast<byte, ulong>(bytes);
            BinaryPrimitives.ReverseEndianness(words, words);
        }
    }
}
