using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SimdOpt.Training.Interchange;

/// <summary>
/// A safetensors file (https://github.com/huggingface/safetensors), read and written without a dependency: an 8-byte
/// little-endian header length, a JSON header naming each tensor's <c>dtype</c>, <c>shape</c> and
/// <c>data_offsets</c> (from the end of the header) and an optional <c>__metadata__</c> map of strings, then the
/// tensors' raw little-endian bytes.
/// </summary>
/// <remarks>
/// Reading refuses, with an <see cref="InvalidDataException"/> naming the problem, a file whose header length is
/// larger than <see cref="MaxHeaderLength"/> or than the file, whose header is not valid UTF-8 JSON of that shape
/// (unknown dtype, negative or fractional dimension, a name given twice, a key the format does not have), or whose
/// tensors' offsets are out of range, disagree with their shape, overlap, or leave bytes of the data unused — the
/// same rules as the reference implementation. A file is held in memory whole, so it is at most 2 GiB.
/// </remarks>
public sealed class SafetensorsFile
{
    /// <summary>The largest header this library reads, in bytes (the reference implementation's limit).</summary>
    public const long MaxHeaderLength = 100_000_000;

    private const string MetadataKey = "__metadata__";

    private static readonly UTF8Encoding StrictUtf8 =
        new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>A file of <paramref name="tensors"/> and <paramref name="metadata"/>.</summary>
    /// <param name="tensors">The tensors by name.</param>
    /// <param name="metadata">The header's <c>__metadata__</c> strings, or null for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="tensors"/>, a tensor or a metadata value is
    /// null.</exception>
    /// <exception cref="ArgumentException">A name is empty or is <c>__metadata__</c>.</exception>
    public SafetensorsFile(IReadOnlyDictionary<string, SafetensorsTensor> tensors,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var copy = new SortedDictionary<string, SafetensorsTensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in tensors)
        {
            if (string.IsNullOrEmpty(name) || name == MetadataKey)
                throw new ArgumentException($"'{name}' cannot name a tensor.", nameof(tensors));
            copy[name] = tensor ?? throw new ArgumentNullException(nameof(tensors), $"Tensor '{name}' is null.");
        }
        var meta = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
            meta[key] = value ?? throw new ArgumentNullException(nameof(metadata), $"Metadata '{key}' is null.");
        Tensors = copy;
        Metadata = meta;
    }

    /// <summary>The tensors by name, ordered by name.</summary>
    public IReadOnlyDictionary<string, SafetensorsTensor> Tensors { get; }

    /// <summary>The header's <c>__metadata__</c> strings.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Writes the file to <paramref name="destination"/>: tensors ordered by name, laid out one after the
    /// other, the header padded with spaces so that the data starts 8-byte aligned.</summary>
    /// <param name="destination">A writable stream.</param>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
    /// <exception cref="ArgumentException">The stream cannot be written.</exception>
    public void Write(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!destination.CanWrite) throw new ArgumentException("The stream cannot be written.", nameof(destination));
        var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            long offset = 0;
            foreach (var (name, tensor) in Tensors)
            {
                json.WriteStartObject(name);
                json.WriteString("dtype", tensor.Dtype.HeaderName());
                json.WriteStartArray("shape");
                foreach (long dimension in tensor.Shape) json.WriteNumberValue(dimension);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset += tensor.Data.Length);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            if (Metadata.Count > 0)
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (key, value) in Metadata) json.WriteString(key, value);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        while (header.Length % 8 != 0) header.WriteByte((byte)' ');
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        destination.Write(length);
        header.Position = 0;
        header.CopyTo(destination);
        foreach (var tensor in Tensors.Values) destination.Write(tensor.Data.Span);
    }

    /// <summary>Writes the file to <paramref name="path"/>, replacing any file there.</summary>
    /// <param name="path">The file to write.</param>
    /// <exception cref="ArgumentException">The path is null or empty.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void WriteFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 20);
        Write(file);
    }

    /// <summary>Reads a safetensors file: the rest of <paramref name="source"/>.</summary>
    /// <param name="source">A readable stream positioned at the file.</param>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentException">The stream cannot be read.</exception>
    /// <exception cref="InvalidDataException">The file is truncated or malformed; the message says how.</exception>
    public static SafetensorsFile Read(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!source.CanRead) throw new ArgumentException("The stream cannot be read.", nameof(source));
        var bytes = new MemoryStream();
        source.CopyTo(bytes);
        return Parse(bytes.GetBuffer().AsMemory(0, (int)bytes.Length));
    }

    /// <summary>Reads the safetensors file at <paramref name="path"/>.</summary>
    /// <param name="path">The file to read.</param>
    /// <exception cref="ArgumentException">The path is null or empty.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="InvalidDataException">The file is truncated or malformed; the message says how.</exception>
    public static SafetensorsFile ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Parse(File.ReadAllBytes(path));
    }

    private static SafetensorsFile Parse(ReadOnlyMemory<byte> file)
    {
        if (file.Length < 8)
            throw new InvalidDataException(Invariant(
                $"This is not a safetensors file: it has {file.Length} bytes, fewer than the 8 of its header length."));
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file.Span);
        if (headerLength > MaxHeaderLength)
            throw new InvalidDataException(Invariant(
                $"The safetensors header is {headerLength} bytes long, more than the limit of {MaxHeaderLength}."));
        if ((long)headerLength > file.Length - 8)
            throw new InvalidDataException(
                Invariant($"The safetensors header is {headerLength} bytes long, but the file has only ")
                + Invariant($"{file.Length - 8} after the header length: it is truncated."));
        var headerBytes = file.Slice(8, (int)headerLength);
        var data = file[(8 + (int)headerLength)..];
        using var header = ParseHeader(headerBytes.Span);

        var tensors = new Dictionary<string, SafetensorsTensor>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var spans = new List<(long Begin, long End, string Name)>();
        foreach (var entry in header.RootElement.EnumerateObject())
        {
            if (tensors.ContainsKey(entry.Name) || (entry.Name == MetadataKey && metadata.Count > 0))
                throw Malformed($"it names '{entry.Name}' twice.");
            if (entry.Name == MetadataKey)
            {
                ReadMetadata(entry.Value, metadata);
                continue;
            }
            var (dtype, shape, begin, end) = ReadEntry(entry.Name, entry.Value);
            if (end > data.Length)
                throw Malformed(Invariant(
                    $"tensor '{entry.Name}' ends at byte {end} of the data, which has only {data.Length}."));
            tensors[entry.Name] = new SafetensorsTensor(dtype, shape, data[(int)begin..(int)end]);
            spans.Add((begin, end, entry.Name));
        }
        CheckCoverage(spans, data.Length);
        return new SafetensorsFile(tensors, metadata);
    }

    private static JsonDocument ParseHeader(ReadOnlySpan<byte> bytes)
    {
        try
        {
            StrictUtf8.GetCharCount(bytes);
            var document = JsonDocument.Parse(bytes.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw Malformed("it is not a JSON object.");
            }
            return document;
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException("The safetensors header is malformed: it is not valid UTF-8.", e);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The safetensors header is malformed: it is not valid JSON ({e.Message})",
                e);
        }
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object) throw Malformed("its __metadata__ is not an object.");
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw Malformed($"its __metadata__ entry '{item.Name}' is not a string.");
            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
                throw Malformed($"its __metadata__ names '{item.Name}' twice.");
        }
    }

    private static (SafetensorsDtype, long[], long, long) ReadEntry(string name, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object) throw Malformed($"tensor '{name}' is not an object.");
        string? dtypeName = null;
        long[]? shape = null, offsets = null;
        foreach (var field in value.EnumerateObject())
        {
            switch (field.Name)
            {
                case "dtype" when dtypeName is null && field.Value.ValueKind == JsonValueKind.String:
                    dtypeName = field.Value.GetString()!;
                    break;
                case "shape" when shape is null:
                    shape = ReadIntegers(name, "shape", field.Value);
                    break;
                case "data_offsets" when offsets is null:
                    offsets = ReadIntegers(name, "data_offsets", field.Value);
                    break;
                default:
                    throw Malformed($"tensor '{name}' has a field '{field.Name}' that is repeated, of the wrong "
                        + "kind, or not one of dtype, shape and data_offsets.");
            }
        }
        if (dtypeName is null || shape is null || offsets is null)
            throw Malformed($"tensor '{name}' lacks one of dtype, shape and data_offsets.");
        if (!SafetensorsDtypes.TryParse(dtypeName, out var dtype))
            throw Malformed($"tensor '{name}' has dtype '{dtypeName}', which this library does not read "
                + "(it reads BOOL, U8, I8, I16, I32, I64, F16, BF16, F32 and F64).");
        if (offsets.Length != 2 || offsets[0] > offsets[1])
            throw Malformed($"tensor '{name}' has data_offsets {SafetensorsTensor.FormatShape(offsets)}, "
                + "which are not [begin, end] with begin <= end.");
        long? count = SafetensorsTensor.CountElements(shape);
        if (count is null || count > (offsets[1] - offsets[0]) / dtype.ElementSize()
            || count * dtype.ElementSize() != offsets[1] - offsets[0])
            throw Malformed(
                Invariant($"tensor '{name}' of dtype {dtypeName} and shape {SafetensorsTensor.FormatShape(shape)} ")
                + Invariant($"takes bytes {offsets[0]} to {offsets[1]}, which is not the size of its elements."));
        return (dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] ReadIntegers(string name, string field, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array) throw Malformed($"the {field} of tensor '{name}' is not a list.");
        var numbers = new long[value.GetArrayLength()];
        int i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out numbers[i]) || numbers[i] < 0)
                throw Malformed($"the {field} of tensor '{name}' holds {item.GetRawText()}, "
                    + "which is not a whole number from 0 up.");
            i++;
        }
        return numbers;
    }

    // The reference implementation's rule: the tensors tile the data exactly, without overlap or gap.
    private static void CheckCoverage(List<(long Begin, long End, string Name)> spans, long dataLength)
    {
        spans.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long covered = 0;
        string? previous = null;
        foreach (var (begin, end, name) in spans)
        {
            if (begin < covered)
                throw Malformed(Invariant($"tensor '{name}' (bytes {begin} to {end}) overlaps tensor '{previous}', ")
                    + Invariant($"which ends at {covered}."));
            if (begin > covered)
                throw Malformed(Invariant($"bytes {covered} to {begin} of the data belong to no tensor."));
            covered = end;
            previous = name;
        }
        if (covered != dataLength)
            throw Malformed(Invariant($"bytes {covered} to {dataLength} of the data belong to no tensor."));
    }

    private static InvalidDataException Malformed(string problem) =>
        new("The safetensors header is malformed: " + problem);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
