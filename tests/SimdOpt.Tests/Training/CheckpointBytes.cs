using System.IO.Hashing;

namespace SimdOpt.Tests.Training;

/// <summary>Edits of a saved checkpoint that keep it well-formed: the CRC-32 is recomputed, so only the value checks
/// can refuse it.</summary>
internal static class CheckpointBytes
{
    /// <summary>Rewrites the trailing CRC-32 to that of everything before it.</summary>
    public static void FixCrc(byte[] checkpoint) =>
        BitConverter.GetBytes(Crc32.HashToUInt32(checkpoint.AsSpan(..^4))).CopyTo(checkpoint, checkpoint.Length - 4);
}
