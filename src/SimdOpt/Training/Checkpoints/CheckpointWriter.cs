using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
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

    public void WriteByte(byte value)
    {
        _scratch[0] = value;
        WriteBytes(_scratch.AsSpan(0, 1));
    }

    public void WriteBoolean(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_scratch, value);
        WriteBytes(_scratch.AsSpan(0, 4));
    }

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_scratch, value);
        WriteBytes(_scratch.AsSpan(0, 8));
    }

    public void WriteSingle(float value)
    {
        BinaryPrimitives.WriteSingleLittleEndian(_scratch, value);
        WriteBytes(_scratch.AsSpan(0, 4));
    }

    public void WriteDouble(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_scratch, value);
        WriteBytes(_scratch.AsSpan(0, 8));
    }

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
            int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>(), perChunk = buffer.Length / size;
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

    /// <summary>The CRC-32 of everything written so far, itself not part of the checksum.</summary>
    public void WriteChecksum()
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_scratch, _crc.GetCurrentHashAsUInt32());
        stream.Write(_scratch.AsSpan(0, 4));
    }
}
