using System.Runtime.InteropServices;
using SimdOpt.Kernels;
using SimdOpt.Precision;

namespace SimdOpt.Tests.Precision;

/// <summary>Bad arguments get an exception naming the argument, and nothing is written.</summary>
public sealed class CodecArgumentTests
{
    private const float Guard = 12345f;

    private static void Refused<TException>(string argument, Action call) where TException : ArgumentException
    {
        var e = Assert.Throws<TException>(call);
        Assert.Equal(argument, e.ParamName);
    }

    [Fact]
    public void Mismatched_lengths_are_refused_before_anything_is_written()
    {
        var floats = new float[10];
        Array.Fill(floats, Guard);
        var bf = new BFloat16[11];
        var halves = new Half[9];
        Refused<ArgumentException>("destination", () => BFloat16Codec.Widen(bf, floats));
        Refused<ArgumentException>("destination", () => BFloat16Codec.Narrow(floats, bf));
        Refused<ArgumentException>("destination", () => BFloat16Codec.NarrowStochastic(floats, bf, 1, 1, 0));
        Refused<ArgumentException>("destination", () => HalfCodec.Widen(halves, floats));
        Refused<ArgumentException>("destination", () => HalfCodec.Narrow(floats, halves));
        Assert.All(floats, x => Assert.Equal(Guard, x));
        Assert.All(bf, b => Assert.Equal(0, b.ToBits()));
        Assert.All(halves, h => Assert.Equal(0, BitConverter.HalfToUInt16Bits(h)));
    }

    [Fact]
    public void Quantization_checks_codes_scales_and_code()
    {
        var x = new float[300];
        var codes = new byte[300];
        var scales = new float[2];
        Array.Fill(codes, (byte)9);
        Array.Fill(scales, Guard);
        Refused<ArgumentException>("codes", () => Quantized8Codec.Quantize(x, codes.AsSpan(1), scales, default));
        Refused<ArgumentException>("scales", () => Quantized8Codec.Quantize(x, codes, scales.AsSpan(1), default));
        Refused<ArgumentException>("scales", () => Quantized8Codec.Quantize(x, codes, new float[3], default));
        Refused<ArgumentOutOfRangeException>("code",
            () => Quantized8Codec.Quantize(x, codes, scales, (Quantized8Code)7));
        Refused<ArgumentOutOfRangeException>("path",
            () => Quantized8Codec.Quantize(x, codes, scales, default, (KernelPath)99));
        Assert.All(codes, c => Assert.Equal(9, c));
        Assert.All(scales, s => Assert.Equal(Guard, s));

        Array.Fill(x, Guard);
        Refused<ArgumentException>("destination",
            () => Quantized8Codec.Dequantize(codes, scales, x.AsSpan(1), default));
        Refused<ArgumentException>("scales", () => Quantized8Codec.Dequantize(codes, scales.AsSpan(1), x, default));
        Refused<ArgumentOutOfRangeException>("code",
            () => Quantized8Codec.Dequantize(codes, scales, x, (Quantized8Code)(-1)));
        Refused<ArgumentOutOfRangeException>("path",
            () => Quantized8Codec.Dequantize(codes, scales, x, default, (KernelPath)(-1)));
        Assert.All(x, v => Assert.Equal(Guard, v));
    }

    [Fact]
    public void Overlapping_spans_are_refused()
    {
        var floats = new float[64];
        Array.Fill(floats, Guard);
        float[] copy = [.. floats];
        Assert.Equal("destination",
            Assert.Throws<ArgumentException>(() => BFloat16Codec.Narrow(floats.AsSpan(0, 32),
                MemoryMarshal.Cast<float, BFloat16>(floats.AsSpan())[..32])).ParamName);
        Assert.Equal("destination",
            Assert.Throws<ArgumentException>(() => HalfCodec.Widen(
                MemoryMarshal.Cast<float, Half>(floats.AsSpan())[..32],
                floats.AsSpan(0, 32))).ParamName);
        Assert.Equal("codes", Assert.Throws<ArgumentException>(() => Quantized8Codec.Quantize(floats.AsSpan(0, 8),
            MemoryMarshal.AsBytes(floats.AsSpan())[..8], new float[1],
            default)).ParamName);
        Assert.Equal(copy, floats);
    }

    [Fact]
    public void A_first_index_that_leaves_no_room_is_refused()
    {
        var x = new float[10];
        var d = new BFloat16[10];
        Refused<ArgumentOutOfRangeException>("firstIndex", () => BFloat16Codec.NarrowStochastic(x, d, 1, 1, -1));
        Refused<ArgumentOutOfRangeException>("firstIndex",
            () => BFloat16Codec.NarrowStochastic(x, d, 1, 1, long.MaxValue - 9));
        BFloat16Codec.NarrowStochastic(x, d, 1, 1, long.MaxValue - 10);
        Refused<ArgumentOutOfRangeException>("path", () => BFloat16Codec.Widen(d, x, (KernelPath)6));
    }

    [Fact]
    public void Empty_spans_are_fine()
    {
        BFloat16Codec.Widen([], [], KernelPath.Vector512);
        BFloat16Codec.Narrow([], []);
        BFloat16Codec.NarrowStochastic([], [], 0, 0, long.MaxValue);
        HalfCodec.Widen([], []);
        HalfCodec.Narrow([], []);
        Quantized8Codec.Quantize([], [], [], Quantized8Code.SignedDynamic);
        Quantized8Codec.Dequantize([], [], [], Quantized8Code.UnsignedDynamic);
    }
}
