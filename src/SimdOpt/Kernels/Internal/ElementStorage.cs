using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using SimdOpt.Precision;

namespace SimdOpt.Kernels.Internal;

/// <summary>
/// How a generated loop reads and writes one of its arrays (the parameters, the gradients, the state buffers): every
/// generated loop is generic over one storage per array, and the JIT specialises it for the struct given, so the loads
/// and stores of each combination are written once, here, for every optimizer. <see cref="NativeStorage"/> holds
/// elements as <c>T</c> (the loops' only storage before low precision, with the same instructions);
/// <see cref="BFloat16Storage"/> holds float32 values in 16 bits, widened as they are loaded and narrowed (to nearest
/// even, NaN kept NaN) as they are stored, in registers: each element is read and written once, in its own storage.
/// The conversions are integer operations (the bfloat16 codec's), so every width gives the scalar path's bits. Float16
/// has no storage here: its software conversion (no x86 intrinsic for it in .NET 10) is some 30 operations per vector,
/// more than the JIT inlines into an unrolled loop, so the runtime stages it.
/// </summary>
/// <remarks>A reference of a 16-bit storage points at its 16-bit elements, typed as <c>T</c> only so that every
/// storage passes through the same loop signature; <c>T</c> is then <see cref="float"/>.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public interface IElementStorage
{
    /// <summary>The bytes one element takes in this storage, for elements of type <typeparamref name="T"/>.</summary>
    static abstract int ElementSize<T>() where T : unmanaged;

    /// <summary>The element at <paramref name="index"/>.</summary>
    static abstract T Load<T>(ref T source, nuint index) where T : unmanaged;

    /// <summary>Writes the element at <paramref name="index"/>.</summary>
    static abstract void Store<T>(T value, ref T destination, nuint index) where T : unmanaged;

    /// <summary>The elements from <paramref name="index"/>, one vector of them.</summary>
    static abstract Vector128<T> Load128<T>(ref T source, nuint index) where T : unmanaged;

    /// <summary>Writes one vector of elements from <paramref name="index"/>.</summary>
    static abstract void Store128<T>(Vector128<T> value, ref T destination, nuint index) where T : unmanaged;

    /// <inheritdoc cref="Load128"/>
    static abstract Vector256<T> Load256<T>(ref T source, nuint index) where T : unmanaged;

    /// <inheritdoc cref="Store128"/>
    static abstract void Store256<T>(Vector256<T> value, ref T destination, nuint index) where T : unmanaged;

    /// <inheritdoc cref="Load128"/>
    static abstract Vector512<T> Load512<T>(ref T source, nuint index) where T : unmanaged;

    /// <inheritdoc cref="Store128"/>
    static abstract void Store512<T>(Vector512<T> value, ref T destination, nuint index) where T : unmanaged;

    /// <inheritdoc cref="Load128"/>
    static abstract Vector<T> LoadVector<T>(ref T source, nuint index) where T : unmanaged;

    /// <inheritdoc cref="Store128"/>
    static abstract void StoreVector<T>(Vector<T> value, ref T destination, nuint index) where T : unmanaged;
}

/// <summary>Elements stored as <c>T</c>: plain loads and stores.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public readonly struct NativeStorage : IElementStorage
{
    /// <inheritdoc/>
    public static unsafe int ElementSize<T>() where T : unmanaged => sizeof(T);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Load<T>(ref T source, nuint index) where T : unmanaged => Unsafe.Add(ref source, index);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<T>(T value, ref T destination, nuint index) where T : unmanaged =>
        Unsafe.Add(ref destination, index) = value;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Load128<T>(ref T source, nuint index) where T : unmanaged =>
        Vector128.LoadUnsafe(ref source, index);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store128<T>(Vector128<T> value, ref T destination, nuint index) where T : unmanaged =>
        value.StoreUnsafe(ref destination, index);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load256<T>(ref T source, nuint index) where T : unmanaged =>
        Vector256.LoadUnsafe(ref source, index);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store256<T>(Vector256<T> value, ref T destination, nuint index) where T : unmanaged =>
        value.StoreUnsafe(ref destination, index);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load512<T>(ref T source, nuint index) where T : unmanaged =>
        Vector512.LoadUnsafe(ref source, index);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store512<T>(Vector512<T> value, ref T destination, nuint index) where T : unmanaged =>
        value.StoreUnsafe(ref destination, index);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> LoadVector<T>(ref T source, nuint index) where T : unmanaged =>
        Vector.LoadUnsafe(ref source, index);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreVector<T>(Vector<T> value, ref T destination, nuint index) where T : unmanaged =>
        value.StoreUnsafe(ref destination, index);
}

/// <summary>Float32 values stored as bfloat16 (<see cref="BFloat16"/>): widened by a shift, narrowed to nearest even
/// with NaN kept NaN and quieted (<see cref="BFloat16Bits.Narrow"/>, bit for bit).</summary>
/// <remarks>Written on each width's vectors directly, not through the codecs' <c>ILanes</c> wrappers: a loop body
/// unrolled four times holds a dozen conversions, and the wrappers' small calls alone used up the JIT's inlining
/// budget for the loop (seen in its disassembly: calls left to <c>Lanes512.op_Addition</c> and even to
/// <c>Off.Value</c>), where the vector operations below are intrinsics that cost it nothing.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public readonly struct BFloat16Storage : IElementStorage
{
    /// <inheritdoc/>
    public static int ElementSize<T>() where T : unmanaged => sizeof(ushort);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Load<T>(ref T source, nuint index) where T : unmanaged
    {
        uint bits = (uint)Bits(ref source, index) << 16;
        return Unsafe.As<uint, T>(ref bits);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<T>(T value, ref T destination, nuint index) where T : unmanaged =>
        Bits(ref destination, index) = BFloat16Bits.Narrow(Unsafe.As<T, uint>(ref value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Load128<T>(ref T source, nuint index) where T : unmanaged =>
        (Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(
            ref Unsafe.As<ushort, byte>(ref Bits(ref source, index)))).AsUInt16()) << 16).As<uint, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store128<T>(Vector128<T> value, ref T destination, nuint index) where T : unmanaged
    {
        var rounded = Rounded(value.AsUInt32());
        ulong bits = Ssse3.IsSupported
            ? Ssse3.Shuffle(rounded.AsByte(), UpperHalves128).AsUInt64().ToScalar()
            : Vector128.Narrow(rounded >>> 16, rounded >>> 16).AsUInt64().ToScalar();
        Unsafe.WriteUnaligned(ref Unsafe.As<ushort, byte>(ref Bits(ref destination, index)), bits);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load256<T>(ref T source, nuint index) where T : unmanaged =>
        // vpmovzxwd from memory where AVX2 runs this type: the load folded into the widening.
        ((Avx2.IsSupported
            ? Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref Bits(ref source, index))).AsUInt32()
            : Vector256.WidenLower(Vector128.LoadUnsafe(ref Bits(ref source, index)).ToVector256Unsafe())) << 16)
            .As<uint, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store256<T>(Vector256<T> value, ref T destination, nuint index) where T : unmanaged
    {
        var rounded = Rounded(value.AsUInt32());
        // Where AVX2 runs this type, one byte shuffle takes each lane's upper half (the portable form shifts, masks
        // and packs), and one permutation joins the two 128-bit halves.
        var bits = Avx2.IsSupported
            ? Avx2.Permute4x64(Avx2.Shuffle(rounded.AsByte(), UpperHalves256).AsUInt64(), 0b_00_00_10_00).AsUInt16()
            : Vector256.Narrow(rounded >>> 16, rounded >>> 16);
        bits.GetLower().StoreUnsafe(ref Bits(ref destination, index));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load512<T>(ref T source, nuint index) where T : unmanaged =>
        // vpmovzxwd from memory where AVX-512 runs this type: the load folded into the widening.
        ((Avx512F.IsSupported
            ? Avx512F.ConvertToVector512UInt32(Vector256.LoadUnsafe(ref Bits(ref source, index)))
            : Vector512.WidenLower(Vector256.LoadUnsafe(ref Bits(ref source, index)).ToVector512Unsafe())) << 16)
            .As<uint, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store512<T>(Vector512<T> value, ref T destination, nuint index) where T : unmanaged
    {
        var bits = Rounded(value.AsUInt32()) >>> 16;
        // vpmovdw where AVX-512 runs this type: one instruction, the portable form's result.
        if (Avx512F.IsSupported) Avx512F.ConvertToVector256UInt16(bits).StoreUnsafe(ref Bits(ref destination, index));
        else Vector512.Narrow(bits, bits).GetLower().StoreUnsafe(ref Bits(ref destination, index));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> LoadVector<T>(ref T source, nuint index) where T : unmanaged =>
        SixteenBitVectors.Load<BFloat16Storage, T>(ref source, index);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreVector<T>(Vector<T> value, ref T destination, nuint index) where T : unmanaged =>
        SixteenBitVectors.Store<BFloat16Storage, T>(value, ref destination, index);

    // BFloat16Bits.Narrow in each lane's upper half: a NaN (found by one float comparison, exact on every bit
    // pattern) truncated and quieted, any other value rounded to nearest even.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> Rounded(Vector128<uint> x) =>
        Vector128.ConditionalSelect(Vector128.IsNaN(x.AsSingle()).AsUInt32(), x | Vector128.Create(QuietBits),
            x + Vector128.Create(0x7FFFu) + ((x >>> 16) & Vector128<uint>.One));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Rounded(Vector256<uint> x) =>
        Vector256.ConditionalSelect(Vector256.IsNaN(x.AsSingle()).AsUInt32(), x | Vector256.Create(QuietBits),
            x + Vector256.Create(0x7FFFu) + ((x >>> 16) & Vector256<uint>.One));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Rounded(Vector512<uint> x) =>
        Vector512.ConditionalSelect(Vector512.IsNaN(x.AsSingle()).AsUInt32(), x | Vector512.Create(QuietBits),
            x + Vector512.Create(0x7FFFu) + ((x >>> 16) & Vector512<uint>.One));

    // The quiet bit where the upper half of a lane holds it.
    private const uint QuietBits = BFloat16Bits.QuietBit << 16;

    // The bytes of each 32-bit lane's upper half, packed into the low 8 bytes (of each 128-bit half).
    private static Vector128<byte> UpperHalves128
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get =>
        Vector128.Create((byte)2, 3, 6, 7, 10, 11, 14, 15, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80);
    }

    private static Vector256<byte> UpperHalves256
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector256.Create(UpperHalves128, UpperHalves128);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref ushort Bits<T>(ref T reference, nuint index) where T : unmanaged =>
        ref Unsafe.Add(ref Unsafe.As<T, ushort>(ref reference), index);
}

/// <summary>A 16-bit storage's <see cref="Vector{T}"/> loads and stores: those of the fixed width
/// <see cref="Vector{T}"/> has on this machine (a JIT-time constant), so they are the same conversions.</summary>
internal static class SixteenBitVectors
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Load<TStorage, T>(ref T source, nuint index)
        where TStorage : struct, IElementStorage
        where T : unmanaged
    {
        if (Vector<T>.Count == Vector512<T>.Count) return TStorage.Load512(ref source, index).AsVector();
        if (Vector<T>.Count == Vector256<T>.Count) return TStorage.Load256(ref source, index).AsVector();
        return TStorage.Load128(ref source, index).AsVector();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<TStorage, T>(Vector<T> value, ref T destination, nuint index)
        where TStorage : struct, IElementStorage
        where T : unmanaged
    {
        if (Vector<T>.Count == Vector512<T>.Count) TStorage.Store512(value.AsVector512(), ref destination, index);
        else if (Vector<T>.Count == Vector256<T>.Count) TStorage.Store256(value.AsVector256(), ref destination, index);
        else TStorage.Store128(value.AsVector128(), ref destination, index);
    }
}
