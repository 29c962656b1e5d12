using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace SimdOpt.Training;

/// <summary>
/// Writes the little-endian fields of a checkpoint to a stream and keeps the CRC-32 of every byte written, which
/// <see cref="WriteChecksum"/> appends at the end.
/// </summary>
internal sealed class CheckpointWriter(Stream stream)
{
    private readonly Crc32 _crc = new();
    private readonly byte[] _scratch = new byte[8];

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        stream.Write(bytes);
        _crc.Append(bytes);
    }

    public void WriteByte(byte value) => WriteValue(value);

    public void WriteBoolean(bool value) => WriteValue(value ? (byte)1 : (byte)0);

    public void WriteInt32(int value) => WriteValue(value);

    public void WriteInt64(long value) => WriteValue(value);

    public void WriteSingle(float value) => WriteValue(value);

    public void WriteDouble(double value) => WriteValue(value);

    /// <summary>A UTF-8 string after its byte count.</summary>
    public void WriteString(string value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        WriteInt32(bytes.Length);
        WriteBytes(bytes);
    }

    /// <summary>A count, then each name.</summary>
    public void WriteNames(IEnumerable<string> names)
    {
        string[] all = [.. names];
        WriteInt32(all.Length);
        foreach (string name in all) WriteString(name);
    }

    /// <summary>A count, then each value.</summary>
    public void WriteDoubles(ReadOnlySpan<double> values)
    {
        WriteInt32(values.Length);
        WriteElements(values);
    }

    /// <summary>Float or double elements, little-endian, without a count.</summary>
    public void WriteElements<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        if (BitConverter.IsLittleEndian)
        {
            WriteBytes(MemoryMarshal.AsBytes(values));
            return;
        }
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            int size = Unsafe.SizeOf<T>(), perChunk = buffer.Length / size;
            for (int start = 0; start < values.Length; start += perChunk)
            {
                var chunk = MemoryMarshal.AsBytes(values.Slice(start, Math.Min(perChunk, values.Length - start)));
                chunk.CopyTo(buffer);
                ByteOrder.ReverseElements(buffer.AsSpan(0, chunk.Length), size);
                WriteBytes(buffer.AsSpan(0, chunk.Length));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // One primitive, little-endian.
    private void WriteValue<T>(T value) where T : unmanaged
    {
        var bytes = _scratch.AsSpan(0, Unsafe.SizeOf<T>());
        MemoryMarshal.Write(bytes, in value);
        if (!BitConverter.IsLittleEndian) bytes.Reverse();
        WriteBytes(bytes);
    }

    /// <summary>The CRC-32 of everything written so far, itself not part of the checksum.</summary>
    public void WriteChecksum()
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_scratch, _crc.GetCurrentHashAsUInt32());
        stream.Write(_scratch.AsSpan(0, 4));
    }
}
