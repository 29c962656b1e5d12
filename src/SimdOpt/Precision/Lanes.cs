using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SimdOpt.Precision;

/// <summary>
/// One vector of 32-bit lanes, of one width: what the codecs' loops are written against, once for every width. The
/// three implementations (<see cref="Lanes128"/>, <see cref="Lanes256"/>, <see cref="Lanes512"/>) are structs wrapping
/// one vector, so a loop generic over them compiles to that width's instructions with nothing left of the wrapper.
/// Every operation is an integer operation or an IEEE float operation on the lanes' bits, so every width gives the
/// scalar code's bits.
/// </summary>
internal interface ILanes<TSelf> where TSelf : struct, ILanes<TSelf>
{
    /// <summary>The number of lanes.</summary>
    static abstract int Count { get; }

    static abstract TSelf Create(uint value);

    static abstract TSelf Load(ref uint source, nuint index);

    /// <summary>Loads <see cref="Count"/> 16-bit values, zero-extended.</summary>
    static abstract TSelf LoadWidened(ref ushort source, nuint index);

    /// <summary>Loads <see cref="Count"/> bytes, zero-extended.</summary>
    static abstract TSelf LoadWidened(ref byte source, nuint index);

    void Store(ref uint destination, nuint index);

    /// <summary>Stores each lane's low 16 bits.</summary>
    void StoreNarrowed(ref ushort destination, nuint index);

    /// <summary>Stores each lane's low 8 bits.</summary>
    void StoreNarrowed(ref byte destination, nuint index);

    static abstract TSelf operator &(TSelf left, TSelf right);

    static abstract TSelf operator |(TSelf left, TSelf right);

    static abstract TSelf operator +(TSelf left, TSelf right);

    static abstract TSelf operator -(TSelf left, TSelf right);

    static abstract TSelf operator ~(TSelf value);

    static abstract TSelf operator >>>(TSelf value, int count);

    static abstract TSelf operator <<(TSelf value, int count);

    /// <summary>All ones where <paramref name="left"/> &gt; <paramref name="right"/> as unsigned integers.</summary>
    static abstract TSelf GreaterThan(TSelf left, TSelf right);

    /// <summary>All ones where the lanes are equal.</summary>
    static abstract TSelf Equal(TSelf left, TSelf right);

    /// <summary><paramref name="ifSet"/> where <paramref name="mask"/> is all ones, else <paramref name="ifClear"/>.
    /// </summary>
    static abstract TSelf Select(TSelf mask, TSelf ifSet, TSelf ifClear);

    /// <summary><paramref name="ifGreater"/> where <paramref name="left"/> &gt; <paramref name="right"/>, both below
    /// 2^31 (a magnitude's bits, a code), else <paramref name="otherwise"/>: <see cref="Select"/> of
    /// <see cref="GreaterThan"/> in one expression, which AVX-512 compiles to a compare into a mask register and one
    /// masked move (through a mask held in a vector, the JIT spends a conversion and a bitwise blend on it). Compared
    /// as signed integers, the same order below 2^31: AVX2 and SSE compare those in one instruction, where an unsigned
    /// compare first flips the sign bit of both sides.</summary>
    static abstract TSelf SelectGreater(TSelf left, TSelf right, TSelf ifGreater, TSelf otherwise);

    /// <summary><paramref name="ifEqual"/> where the lanes of <paramref name="left"/> and <paramref name="right"/> are
    /// equal, else <paramref name="otherwise"/>, as <see cref="SelectGreater"/>.</summary>
    static abstract TSelf SelectEqual(TSelf left, TSelf right, TSelf ifEqual, TSelf otherwise);

    static abstract TSelf Min(TSelf left, TSelf right);

    static abstract TSelf Max(TSelf left, TSelf right);

    /// <summary>The lanes read as floats, plus <paramref name="addend"/>, as float bits.</summary>
    static abstract TSelf AddAsSingle(TSelf value, float addend);

    /// <summary>The lanes, non-negative integers below 2^24, converted to float (exactly), as float bits.</summary>
    static abstract TSelf ConvertToSingle(TSelf value);

    /// <summary>The lanes read as floats, times <paramref name="factor"/>, as float bits.</summary>
    static abstract TSelf MultiplyAsSingle(TSelf value, float factor);

    /// <summary>The lanes read as floats, divided by <paramref name="divisor"/>, as float bits.</summary>
    static abstract TSelf DivideAsSingle(TSelf value, float divisor);

    /// <summary><see cref="CounterRandom.Bits16"/> of the lanes' indices <paramref name="firstIndex"/>,
    /// <paramref name="firstIndex"/> + 1, ...</summary>
    static abstract TSelf Random16(ulong key, long firstIndex);

    /// <summary>The largest lane, as an unsigned integer.</summary>
    uint MaxAcross();
}

internal readonly struct Lanes128(Vector128<uint> v) : ILanes<Lanes128>
{
    private readonly Vector128<uint> _v = v;

    public static int Count => Vector128<uint>.Count;

    public static Lanes128 Create(uint value) => new(Vector128.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 Load(ref uint source, nuint index) => new(Vector128.LoadUnsafe(ref source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 LoadWidened(ref ushort source, nuint index) =>
        new(Vector128.WidenLower(Vector128.CreateScalarUnsafe(
            Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<ushort, byte>(ref Unsafe.Add(ref source, index)))).AsUInt16()));

    // Where SSE4.1 and SSSE3 run this type, a widening from bytes is one pmovzxbd and a narrowing one pshufb (zero
    // extension and truncation, the portable forms' results); the portable forms widen and narrow in two steps, and
    // each narrowing step masks before it packs.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 LoadWidened(ref byte source, nuint index)
    {
        var bytes = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref source, index)))
            .AsByte();
        return Sse41.IsSupported
            ? new(Sse41.ConvertToVector128Int32(bytes).AsUInt32())
            : new(Vector128.WidenLower(Vector128.WidenLower(bytes)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ref uint destination, nuint index) => _v.StoreUnsafe(ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void StoreNarrowed(ref ushort destination, nuint index) =>
        Unsafe.WriteUnaligned(ref Unsafe.As<ushort, byte>(ref Unsafe.Add(ref destination, index)),
            (Ssse3.IsSupported ? Ssse3.Shuffle(_v.AsByte(), LowWords) : Vector128.Narrow(_v, _v).AsByte())
            .AsUInt64().ToScalar());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void StoreNarrowed(ref byte destination, nuint index)
    {
        Vector128<byte> bytes;
        if (Ssse3.IsSupported) bytes = Ssse3.Shuffle(_v.AsByte(), LowBytes);
        else
        {
            var words = Vector128.Narrow(_v, _v);
            bytes = Vector128.Narrow(words, words);
        }
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, index), bytes.AsUInt32().ToScalar());
    }

    /// <summary>The shuffle that packs each 32-bit lane's low 16 bits into the low 8 bytes.</summary>
    internal static Vector128<byte> LowWords
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector128.Create((byte)0, 1, 4, 5, 8, 9, 12, 13, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80);
    }

    /// <summary>The shuffle that packs each 32-bit lane's low byte into the low 4 bytes.</summary>
    internal static Vector128<byte> LowBytes
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector128.Create((byte)0, 4, 8, 12, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
            0x80);
    }

    public static Lanes128 operator &(Lanes128 left, Lanes128 right) => new(left._v & right._v);

    public static Lanes128 operator |(Lanes128 left, Lanes128 right) => new(left._v | right._v);

    public static Lanes128 operator +(Lanes128 left, Lanes128 right) => new(left._v + right._v);

    public static Lanes128 operator -(Lanes128 left, Lanes128 right) => new(left._v - right._v);

    public static Lanes128 operator ~(Lanes128 value) => new(~value._v);

    public static Lanes128 operator >>>(Lanes128 value, int count) => new(value._v >>> count);

    public static Lanes128 operator <<(Lanes128 value, int count) => new(value._v << count);

    public static Lanes128 GreaterThan(Lanes128 left, Lanes128 right) => new(Vector128.GreaterThan(left._v, right._v));

    public static Lanes128 Equal(Lanes128 left, Lanes128 right) => new(Vector128.Equals(left._v, right._v));

    public static Lanes128 Select(Lanes128 mask, Lanes128 ifSet, Lanes128 ifClear) =>
        new(Vector128.ConditionalSelect(mask._v, ifSet._v, ifClear._v));

    public static Lanes128 SelectGreater(Lanes128 left, Lanes128 right, Lanes128 ifGreater, Lanes128 otherwise) =>
        new(Vector128.ConditionalSelect(Vector128.GreaterThan(left._v.AsInt32(), right._v.AsInt32()).AsUInt32(),
            ifGreater._v, otherwise._v));

    public static Lanes128 SelectEqual(Lanes128 left, Lanes128 right, Lanes128 ifEqual, Lanes128 otherwise) =>
        new(Vector128.ConditionalSelect(Vector128.Equals(left._v, right._v), ifEqual._v, otherwise._v));

    public static Lanes128 Min(Lanes128 left, Lanes128 right) => new(Vector128.Min(left._v, right._v));

    public static Lanes128 Max(Lanes128 left, Lanes128 right) => new(Vector128.Max(left._v, right._v));

    public static Lanes128 AddAsSingle(Lanes128 value, float addend) =>
        new((value._v.AsSingle() + Vector128.Create(addend)).AsUInt32());

    public static Lanes128 ConvertToSingle(Lanes128 value) =>
        new(Vector128.ConvertToSingle(value._v.AsInt32()).AsUInt32());

    public static Lanes128 MultiplyAsSingle(Lanes128 value, float factor) =>
        new((value._v.AsSingle() * factor).AsUInt32());

    public static Lanes128 DivideAsSingle(Lanes128 value, float divisor) =>
        new((value._v.AsSingle() / Vector128.Create(divisor)).AsUInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 Random16(ulong key, long firstIndex)
    {
        var step = Vector128<ulong>.Indices * CounterRandom.Gamma;
        var z = Vector128.Create(key + unchecked((ulong)firstIndex * CounterRandom.Gamma)) + step;
        var next = z + Vector128.Create(unchecked(2 * CounterRandom.Gamma));
        return new(Vector128.Narrow(Mix(z) >>> 48, Mix(next) >>> 48));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint MaxAcross() => MaxAcross(_v);

    /// <summary>The largest lane of <paramref name="v"/>: a tree of lane swaps (an unsigned maximum is associative,
    /// so the order gives the same result), not a loop over lanes spilled to memory.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint MaxAcross(Vector128<uint> v)
    {
        v = Vector128.Max(v, Vector128.Shuffle(v, Vector128.Create(2u, 3, 0, 1)));
        return Vector128.Max(v, Vector128.Shuffle(v, Vector128.Create(1u, 0, 3, 2))).ToScalar();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Mix(Vector128<ulong> z)
    {
        z = (z ^ (z >>> 30)) * CounterRandom.Multiplier1;
        z = (z ^ (z >>> 27)) * CounterRandom.Multiplier2;
        return z ^ (z >>> 31);
    }
}

internal readonly struct Lanes256(Vector256<uint> v) : ILanes<Lanes256>
{
    private readonly Vector256<uint> _v = v;

    public static int Count => Vector256<uint>.Count;

    public static Lanes256 Create(uint value) => new(Vector256.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Load(ref uint source, nuint index) => new(Vector256.LoadUnsafe(ref source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 LoadWidened(ref ushort source, nuint index) => Avx2.IsSupported
        ? new(Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref source, index)).AsUInt32())
        : new(Vector256.WidenLower(Vector128.LoadUnsafe(ref source, index).ToVector256Unsafe()));

    // Where AVX2 runs this type, a widening is one vpmovzx and a narrowing one vpshufb within each 128-bit half and
    // one permutation across them (zero extension and truncation, the portable forms' results); the portable forms
    // widen and narrow in steps, and each narrowing step masks, packs and permutes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 LoadWidened(ref byte source, nuint index)
    {
        var bytes = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref source, index)))
            .AsByte();
        return Avx2.IsSupported
            ? new(Avx2.ConvertToVector256Int32(bytes).AsUInt32())
            : new(Vector256.WidenLower(Vector128.WidenLower(bytes).ToVector256Unsafe()));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ref uint destination, nuint index) => _v.StoreUnsafe(ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void StoreNarrowed(ref ushort destination, nuint index)
    {
        var words = Avx2.IsSupported
            ? Avx2.Permute4x64(Avx2.Shuffle(_v.AsByte(), Vector256.Create(Lanes128.LowWords)).AsUInt64(), 0b_10_00)
                .AsUInt16()
            : Vector256.Narrow(_v, _v);
        words.GetLower().StoreUnsafe(ref destination, index);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void StoreNarrowed(ref byte destination, nuint index)
    {
        Vector256<byte> bytes;
        if (Avx2.IsSupported)
            bytes = Avx2.PermuteVar8x32(Avx2.Shuffle(_v.AsByte(), Vector256.Create(Lanes128.LowBytes)).AsUInt32(),
                Vector256.Create(0u, 4, 0, 0, 0, 0, 0, 0)).AsByte();
        else
        {
            var words = Vector256.Narrow(_v, _v);
            bytes = Vector256.Narrow(words, words);
        }
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, index), bytes.AsUInt64().ToScalar());
    }

    public static Lanes256 operator &(Lanes256 left, Lanes256 right) => new(left._v & right._v);

    public static Lanes256 operator |(Lanes256 left, Lanes256 right) => new(left._v | right._v);

    public static Lanes256 operator +(Lanes256 left, Lanes256 right) => new(left._v + right._v);

    public static Lanes256 operator -(Lanes256 left, Lanes256 right) => new(left._v - right._v);

    public static Lanes256 operator ~(Lanes256 value) => new(~value._v);

    public static Lanes256 operator >>>(Lanes256 value, int count) => new(value._v >>> count);

    public static Lanes256 operator <<(Lanes256 value, int count) => new(value._v << count);

    public static Lanes256 GreaterThan(Lanes256 left, Lanes256 right) => new(Vector256.GreaterThan(left._v, right._v));

    public static Lanes256 Equal(Lanes256 left, Lanes256 right) => new(Vector256.Equals(left._v, right._v));

    public static Lanes256 Select(Lanes256 mask, Lanes256 ifSet, Lanes256 ifClear) =>
        new(Vector256.ConditionalSelect(mask._v, ifSet._v, ifClear._v));

    public static Lanes256 SelectGreater(Lanes256 left, Lanes256 right, Lanes256 ifGreater, Lanes256 otherwise) =>
        new(Vector256.ConditionalSelect(Vector256.GreaterThan(left._v.AsInt32(), right._v.AsInt32()).AsUInt32(),
            ifGreater._v, otherwise._v));

    public static Lanes256 SelectEqual(Lanes256 left, Lanes256 right, Lanes256 ifEqual, Lanes256 otherwise) =>
        new(Vector256.ConditionalSelect(Vector256.Equals(left._v, right._v), ifEqual._v, otherwise._v));

    public static Lanes256 Min(Lanes256 left, Lanes256 right) => new(Vector256.Min(left._v, right._v));

    public static Lanes256 Max(Lanes256 left, Lanes256 right) => new(Vector256.Max(left._v, right._v));

    public static Lanes256 AddAsSingle(Lanes256 value, float addend) =>
        new((value._v.AsSingle() + Vector256.Create(addend)).AsUInt32());

    public static Lanes256 ConvertToSingle(Lanes256 value) =>
        new(Vector256.ConvertToSingle(value._v.AsInt32()).AsUInt32());

    public static Lanes256 MultiplyAsSingle(Lanes256 value, float factor) =>
        new((value._v.AsSingle() * factor).AsUInt32());

    public static Lanes256 DivideAsSingle(Lanes256 value, float divisor) =>
        new((value._v.AsSingle() / Vector256.Create(divisor)).AsUInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Random16(ulong key, long firstIndex)
    {
        var step = Vector256<ulong>.Indices * CounterRandom.Gamma;
        var z = Vector256.Create(key + unchecked((ulong)firstIndex * CounterRandom.Gamma)) + step;
        var next = z + Vector256.Create(unchecked(4 * CounterRandom.Gamma));
        return new(Vector256.Narrow(Mix(z) >>> 48, Mix(next) >>> 48));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint MaxAcross() => Lanes128.MaxAcross(Vector128.Max(_v.GetLower(), _v.GetUpper()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Mix(Vector256<ulong> z)
    {
        z = (z ^ (z >>> 30)) * CounterRandom.Multiplier1;
        z = (z ^ (z >>> 27)) * CounterRandom.Multiplier2;
        return z ^ (z >>> 31);
    }
}

internal readonly struct Lanes512(Vector512<uint> v) : ILanes<Lanes512>
{
    private readonly Vector512<uint> _v = v;

    public static int Count => Vector512<uint>.Count;

    public static Lanes512 Create(uint value) => new(Vector512.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 Load(ref uint source, nuint index) => new(Vector512.LoadUnsafe(ref source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 LoadWidened(ref ushort source, nuint index) =>
        new(Vector512.WidenLower(Vector256.LoadUnsafe(ref source, index).ToVector512Unsafe()));

    // Where AVX-512 runs this type, each conversion of width below is one instruction (vpmovzxbd, vpmovdw, vpmovdb:
    // zero extension and truncation, the portable forms' results); Vector512.Narrow of two halves takes six.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 LoadWidened(ref byte source, nuint index) => Avx512F.IsSupported
        ? new(Avx512F.ConvertToVector512UInt32(Vector128.LoadUnsafe(ref source, index)))
        : new(Vector512.WidenLower(
            Vector256.WidenLower(Vector128.LoadUnsafe(ref source, index).ToVector256Unsafe()).ToVector512Unsafe()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ref uint destination, nuint index) => _v.StoreUnsafe(ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void StoreNarrowed(ref ushort destination, nuint index)
    {
        if (Avx512F.IsSupported) Avx512F.ConvertToVector256UInt16(_v).StoreUnsafe(ref destination, index);
        else Vector512.Narrow(_v, _v).GetLower().StoreUnsafe(ref destination, index);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void StoreNarrowed(ref byte destination, nuint index)
    {
        if (Avx512F.IsSupported)
        {
            Avx512F.ConvertToVector128Byte(_v).StoreUnsafe(ref destination, index);
            return;
        }
        var words = Vector512.Narrow(_v, _v);
        Vector512.Narrow(words, words).GetLower().GetLower().StoreUnsafe(ref destination, index);
    }

    public static Lanes512 operator &(Lanes512 left, Lanes512 right) => new(left._v & right._v);

    public static Lanes512 operator |(Lanes512 left, Lanes512 right) => new(left._v | right._v);

    public static Lanes512 operator +(Lanes512 left, Lanes512 right) => new(left._v + right._v);

    public static Lanes512 operator -(Lanes512 left, Lanes512 right) => new(left._v - right._v);

    public static Lanes512 operator ~(Lanes512 value) => new(~value._v);

    public static Lanes512 operator >>>(Lanes512 value, int count) => new(value._v >>> count);

    public static Lanes512 operator <<(Lanes512 value, int count) => new(value._v << count);

    public static Lanes512 GreaterThan(Lanes512 left, Lanes512 right) => new(Vector512.GreaterThan(left._v, right._v));

    public static Lanes512 Equal(Lanes512 left, Lanes512 right) => new(Vector512.Equals(left._v, right._v));

    public static Lanes512 Select(Lanes512 mask, Lanes512 ifSet, Lanes512 ifClear) =>
        new(Vector512.ConditionalSelect(mask._v, ifSet._v, ifClear._v));

    public static Lanes512 SelectGreater(Lanes512 left, Lanes512 right, Lanes512 ifGreater, Lanes512 otherwise) =>
        new(Vector512.ConditionalSelect(Vector512.GreaterThan(left._v.AsInt32(), right._v.AsInt32()).AsUInt32(),
            ifGreater._v, otherwise._v));

    public static Lanes512 SelectEqual(Lanes512 left, Lanes512 right, Lanes512 ifEqual, Lanes512 otherwise) =>
        new(Vector512.ConditionalSelect(Vector512.Equals(left._v, right._v), ifEqual._v, otherwise._v));

    public static Lanes512 Min(Lanes512 left, Lanes512 right) => new(Vector512.Min(left._v, right._v));

    public static Lanes512 Max(Lanes512 left, Lanes512 right) => new(Vector512.Max(left._v, right._v));

    public static Lanes512 AddAsSingle(Lanes512 value, float addend) =>
        new((value._v.AsSingle() + Vector512.Create(addend)).AsUInt32());

    public static Lanes512 ConvertToSingle(Lanes512 value) =>
        new(Vector512.ConvertToSingle(value._v.AsInt32()).AsUInt32());

    public static Lanes512 MultiplyAsSingle(Lanes512 value, float factor) =>
        new((value._v.AsSingle() * factor).AsUInt32());

    public static Lanes512 DivideAsSingle(Lanes512 value, float divisor) =>
        new((value._v.AsSingle() / Vector512.Create(divisor)).AsUInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 Random16(ulong key, long firstIndex)
    {
        var step = Vector512<ulong>.Indices * CounterRandom.Gamma;
        var z = Vector512.Create(key + unchecked((ulong)firstIndex * CounterRandom.Gamma)) + step;
        var next = z + Vector512.Create(unchecked(8 * CounterRandom.Gamma));
        return new(Vector512.Narrow(Mix(z) >>> 48, Mix(next) >>> 48));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint MaxAcross()
    {
        var half = Vector256.Max(_v.GetLower(), _v.GetUpper());
        return Lanes128.MaxAcross(Vector128.Max(half.GetLower(), half.GetUpper()));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Mix(Vector512<ulong> z)
    {
        z = (z ^ (z >>> 30)) * CounterRandom.Multiplier1;
        z = (z ^ (z >>> 27)) * CounterRandom.Multiplier2;
        return z ^ (z >>> 31);
    }
}
