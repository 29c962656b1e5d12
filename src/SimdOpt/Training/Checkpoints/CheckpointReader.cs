using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace SimdOpt.Training;

/// <summary>
/// Reads the fields <see cref="CheckpointWriter"/> wrote, keeping the CRC-32 of every byte read. A stream that ends
/// early, a string or count past its limits, or a field with an impossible value is an
/// <see cref="InvalidDataException"/>.
/// </summary>
internal sealed class CheckpointReader(Stream stream)
{
    private const int MaxStringBytes = 4096;
    private const int MaxNames = 4096;

    private static readonly UTF8Encoding StrictUtf8 =
        new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Crc32 _crc = new();
    private readonly byte[] _scratch = new byte[8];

    public void ReadBytes(Span<byte> destination)
    {
        try
        {
            stream.ReadExactly(destination);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The checkpoint ends early: it is truncated.", e);
        }
        _crc.Append(destination);
    }

    /// <summary>
    /// Reads and checks what every SimdOpt file starts with: its 8 magic bytes and its format version.
    /// </summary>
    /// <param name="magic">The magic bytes, ending in a zero byte (<c>SIMDOPT\0</c>, <c>SIMDAVG\0</c>).</param>
    /// <param name="formatVersion">The one version this library reads.</param>
    /// <param name="kind">What the file is, for the messages: "checkpoint", "average".</param>
    /// <exception cref="InvalidDataException">The magic bytes or the version differ.</exception>
    public void ReadHeader(ReadOnlySpan<byte> magic, int formatVersion, string kind)
    {
        Span<byte> read = stackalloc byte[magic.Length];
        ReadBytes(read);
        if (!read.SequenceEqual(magic))
            throw new InvalidDataException(
                $"This is not a SimdOpt {kind}: it does not start with the bytes "
                + $"\"{Encoding.ASCII.GetString(magic[..^1])}\\0\".");
        int version = ReadInt32();
        if (version != formatVersion)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"The {kind} has format version {version}; this library reads version {formatVersion}."));
    }

    public byte ReadByte() => ReadValue<byte>();

    public bool ReadBoolean() => ReadByte() switch
    {
        0 => false,
        1 => true,
        var other => throw new InvalidDataException(
            $"The checkpoint is corrupt: a yes/no field holds {other.ToString(CultureInfo.InvariantCulture)}."),
    };

    public int ReadInt32() => ReadValue<int>();

    public long ReadInt64() => ReadValue<long>();

    public float ReadSingle() => ReadValue<float>();

    public double ReadDouble() => ReadValue<double>();

    /// <summary>A count, refused when negative or above <paramref name="max"/>.</summary>
    /// <param name="what">What is counted, for the message.</param>
    /// <param name="max">The largest count that can be right.</param>
    public int ReadCount(string what, int max)
    {
        int count = ReadInt32();
        if (count < 0 || count > max)
            throw new InvalidDataException(
                $"The checkpoint is corrupt: it counts {count.ToString(CultureInfo.InvariantCulture)} {what}.");
        return count;
    }

    public string ReadString()
    {
        int length = ReadCount("bytes in a name", MaxStringBytes);
        byte[] bytes = new byte[length];
        ReadBytes(bytes);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException("The checkpoint is corrupt: a name is not valid UTF-8.", e);
        }
    }

    public string[] ReadNames()
    {
        var names = new string[ReadCount("names", MaxNames)];
        for (int i = 0; i < names.Length; i++) names[i] = ReadString();
        return names;
    }

    /// <summary>A count, which must be <paramref name="expected"/>, then as many doubles.</summary>
    /// <param name="expected">The count this build expects.</param>
    /// <param name="what">What the values are, for the message.</param>
    public double[] ReadDoubles(int expected, string what)
    {
        int count = ReadInt32();
        if (count != expected)
            throw new InvalidDataException(
                $"The checkpoint holds {count.ToString(CultureInfo.InvariantCulture)} {what}, "
                + $"but {expected.ToString(CultureInfo.InvariantCulture)} are expected here.");
        var values = new double[count];
        ReadElements<double>(values);
        return values;
    }

    /// <summary>Float or double elements, little-endian.</summary>
    public void ReadElements<T>(Span<T> destination) where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(destination);
        ReadBytes(bytes);
        if (!BitConverter.IsLittleEndian) ByteOrder.ReverseElements(bytes, Unsafe.SizeOf<T>());
    }

    // One primitive, little-endian.
    private T ReadValue<T>() where T : unmanaged
    {
        var bytes = _scratch.AsSpan(0, Unsafe.SizeOf<T>());
        ReadBytes(bytes);
        if (!BitConverter.IsLittleEndian) bytes.Reverse();
        return MemoryMarshal.Read<T>(bytes);
    }

    /// <summary>Reads the stored CRC-32 and compares it with that of everything read before it.</summary>
    public void VerifyChecksum()
    {
        uint computed = _crc.GetCurrentHashAsUInt32();
        try
        {
            stream.ReadExactly(_scratch.AsSpan(0, 4));
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The checkpoint ends early: its checksum is missing.", e);
        }
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(_scratch);
        if (stored != computed)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"The checkpoint is corrupt: its stored CRC-32 is {stored:X8} but its content's is {computed:X8}."));
    }

    /// <summary>Checks that the stream ends after the checksum: a checkpoint with more after it is not the one
    /// written.</summary>
    public void VerifyEnd()
    {
        if (stream.ReadByte() != -1)
            throw new InvalidDataException(
                "The checkpoint is corrupt: more bytes follow its checksum, which ends a checkpoint.");
    }
}
