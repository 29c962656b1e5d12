using System.Buffers.Binary;
using System.Text;
using SimdOpt.Training.Interchange;

namespace SimdOpt.Tests.Interchange;

/// <summary>The safetensors reader and writer: files torch wrote, round trips, and every malformed file
/// refused.</summary>
public class SafetensorsFileTests
{
    [Fact]
    public void A_file_torch_wrote_reads_with_its_dtypes_shapes_and_metadata()
    {
        var file = SafetensorsFile.ReadFile(TorchFiles.PathOf("adamw.safetensors"));
        Assert.Equal(
            ["param.0", "param.1", "state.0.exp_avg", "state.0.exp_avg_sq", "state.0.step", "state.1.exp_avg",
                "state.1.exp_avg_sq", "state.1.step"],
            file.Tensors.Keys);
        Assert.All(file.Tensors.Values, t => Assert.Equal(SafetensorsDtype.F32, t.Dtype));
        Assert.Equal([2L, 3L], file.Tensors["state.0.exp_avg"].Shape);
        Assert.Equal("[]", file.Tensors["state.1.step"].ShapeText);
        Assert.Equal([5.0], file.Tensors["state.1.step"].ToDoubles());
        Assert.StartsWith("[{", Assert.Single(file.Metadata, m => m.Key == "param_groups").Value);
    }

    [Fact]
    public void Every_dtype_round_trips_with_its_bytes_and_widens_exactly()
    {
        var tensors = new Dictionary<string, SafetensorsTensor>
        {
            ["f16"] = new(SafetensorsDtype.F16, [2], Bytes(BitConverter.HalfToUInt16Bits((Half)1.5), 16)),
            ["bf16"] = new(SafetensorsDtype.BF16, [2], Bytes(0x3FC0, 0xC000)),   // 1.5 and -2
            ["f32"] = SafetensorsTensor.FromSingles([0.1f, -3e38f], [1, 2]),
            ["f64"] = SafetensorsTensor.FromDoubles([0.1, double.Epsilon]),
            ["i64"] = SafetensorsTensor.Scalar(-(1L << 52)),
            ["i32"] = new(SafetensorsDtype.I32, [1], BitConverter.GetBytes(-7)),
            ["i16"] = new(SafetensorsDtype.I16, [1], BitConverter.GetBytes((short)-300)),
            ["i8"] = new(SafetensorsDtype.I8, [1], new byte[] { 0xFF }),
            ["u8"] = new(SafetensorsDtype.U8, [1], new byte[] { 0xFF }),
            ["bool"] = new(SafetensorsDtype.Bool, [2], new byte[] { 1, 0 }),
            ["empty"] = SafetensorsTensor.FromSingles([], [0, 4]),
        };
        var file = new SafetensorsFile(tensors, new Dictionary<string, string> { ["note"] = "\"quoted\" ü" });
        var read = RoundTrip(file);
        Assert.Equal(file.Metadata, read.Metadata);
        foreach (var (name, tensor) in tensors)
        {
            Assert.Equal(tensor.Dtype, read.Tensors[name].Dtype);
            Assert.Equal(tensor.Shape, read.Tensors[name].Shape);
            Assert.Equal(tensor.Data.ToArray(), read.Tensors[name].Data.ToArray());
        }
        Assert.Equal([1.5, 16 * Math.Pow(2, -24)], read.Tensors["f16"].ToDoubles());   // 16 is a subnormal half
        Assert.Equal([1.5, -2.0], read.Tensors["bf16"].ToDoubles());
        Assert.Equal([(double)0.1f, (double)-3e38f], read.Tensors["f32"].ToDoubles());
        Assert.Equal([0.1, double.Epsilon], read.Tensors["f64"].ToDoubles());
        Assert.Equal([-(double)(1L << 52)], read.Tensors["i64"].ToDoubles());
        Assert.Equal([-7.0], read.Tensors["i32"].ToDoubles());
        Assert.Equal([-300.0], read.Tensors["i16"].ToDoubles());
        Assert.Equal([-1.0], read.Tensors["i8"].ToDoubles());
        Assert.Equal([255.0], read.Tensors["u8"].ToDoubles());
        Assert.Equal([1.0, 0.0], read.Tensors["bool"].ToDoubles());
        Assert.Equal(0, read.Tensors["empty"].ElementCount);
    }

    [Fact]
    public void The_header_is_padded_to_8_bytes_and_the_tensors_follow_it_in_name_order()
    {
        var file = new SafetensorsFile(new Dictionary<string, SafetensorsTensor>
        {
            ["b"] = SafetensorsTensor.FromSingles([2f]),
            ["a"] = SafetensorsTensor.FromSingles([1f]),
        });
        var bytes = new MemoryStream();
        file.Write(bytes);
        byte[] written = bytes.ToArray();
        long length = BinaryPrimitives.ReadInt64LittleEndian(written);
        Assert.Equal(0, length % 8);
        Assert.Equal(
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
            Encoding.UTF8.GetString(written, 8, (int)length).TrimEnd(' '));
        Assert.Equal(8 + length + 8, written.Length);
        Assert.Equal(BitConverter.GetBytes(1f).Concat(BitConverter.GetBytes(2f)), written[(8 + (int)length)..]);
    }

    public static TheoryData<string, string> MalformedHeaders => new()
    {
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}", "not valid JSON" },
        { "[1, 2]", "not a JSON object" },
        { "{\"a\":{\"dtype\":\"F8\",\"shape\":[1],\"data_offsets\":[0,4]}}", "dtype 'F8'" },
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", "shape of tensor 'a' holds -1" },
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", "shape of tensor 'a' holds 1.5" },
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", "tensor 'a' lacks one of dtype, shape and data_offsets" },
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":1}}", "a field 'x'" },
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", "not the size of its elements" },
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", "begin <= end" },
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", "tensor 'a' ends at byte 12" },
        {
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[2,6]}}",
            "tensor 'b' (bytes 2 to 6) overlaps tensor 'a'"
        },
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", "bytes 0 to 4 of the data belong to" },
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", "bytes 4 to 8 of the data belong to" },
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
            + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", "names 'a' twice" },
        {
            "{\"__metadata__\":{\"k\":1},\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}",
            "entry 'k' is not a string"
        },
    };

    [Theory]
    [MemberData(nameof(MalformedHeaders))]
    public void A_malformed_header_is_refused_naming_the_problem(string header, string problem)
    {
        var e = Assert.Throws<InvalidDataException>(() => SafetensorsFile.Read(new MemoryStream(File(header, 8))));
        Assert.StartsWith("The safetensors header is malformed: ", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void A_header_that_is_not_utf8_is_refused()
    {
        byte[] bytes = File("{\"a\":1}", 0);
        bytes[10] = 0xFF;
        var e = Assert.Throws<InvalidDataException>(() => SafetensorsFile.Read(new MemoryStream(bytes)));
        Assert.Contains("not valid UTF-8", e.Message);
    }

    [Fact]
    public void A_header_length_beyond_the_limit_or_the_file_is_refused_before_reading_it()
    {
        var tooLong = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(tooLong, SafetensorsFile.MaxHeaderLength + 1);
        Assert.Contains("more than the limit of 100000000",
            Assert.Throws<InvalidDataException>(() => SafetensorsFile.Read(new MemoryStream(tooLong))).Message);

        var huge = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(huge, ulong.MaxValue);
        Assert.Contains("more than the limit",
            Assert.Throws<InvalidDataException>(() => SafetensorsFile.Read(new MemoryStream(huge))).Message);

        var truncated = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(truncated, 100);
        Assert.Contains("100 bytes long, but the file has only 8 after the header length: it is truncated",
            Assert.Throws<InvalidDataException>(() => SafetensorsFile.Read(new MemoryStream(truncated))).Message);

        Assert.Contains("fewer than the 8 of its header length",
            Assert.Throws<InvalidDataException>(() => SafetensorsFile.Read(new MemoryStream(new byte[5]))).Message);
    }

    [Fact]
    public void A_tensor_whose_bytes_do_not_match_its_shape_or_a_reserved_name_is_refused_at_construction()
    {
        var e = Assert.Throws<ArgumentException>(() => new SafetensorsTensor(SafetensorsDtype.F32, [3], new byte[8]));
        Assert.Equal("data", e.ParamName);
        Assert.Contains("shape [3] holds 3 elements, 12 bytes, but 8 bytes were given", e.Message);
        Assert.Equal("shape",
            Assert.Throws<ArgumentException>(() => new SafetensorsTensor(SafetensorsDtype.F32, [-1], new byte[0]))
                .ParamName);
        var reserved = Assert.Throws<ArgumentException>(() => new SafetensorsFile(
            new Dictionary<string, SafetensorsTensor> { ["__metadata__"] = SafetensorsTensor.Scalar(1L) }));
        Assert.Equal("tensors", reserved.ParamName);
    }

    private static SafetensorsFile RoundTrip(SafetensorsFile file)
    {
        var bytes = new MemoryStream();
        file.Write(bytes);
        return SafetensorsFile.Read(new MemoryStream(bytes.ToArray()));
    }

    private static byte[] Bytes(params ushort[] values) =>
        values.SelectMany(v => BitConverter.GetBytes(v)).ToArray();

    // A file of the given header followed by that many data bytes.
    private static byte[] File(string header, int dataLength)
    {
        byte[] text = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + text.Length + dataLength];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)text.Length);
        text.CopyTo(bytes, 8);
        return bytes;
    }
}
