using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SimdOpt.Kernels;

namespace SimdOpt.Precision;

/// <summary>An element-wise conversion from <typeparamref name="TFrom"/> to <typeparamref name="TTo"/>: its scalar
/// reference, and the same operations on one vector of lanes of any width.</summary>
internal interface IConversion<TFrom, TTo>
    where TFrom : unmanaged
    where TTo : unmanaged
{
    /// <summary>Element <paramref name="index"/> (of the span being converted) converted.</summary>
    TTo Scalar(TFrom value, nuint index);

    /// <summary>Converts the <c>TLanes.Count</c> elements from <paramref name="index"/>.</summary>
    void Vector<TLanes>(ref TFrom source, ref TTo destination, nuint index) where TLanes : struct, ILanes<TLanes>;
}

/// <summary>The one loop of every codec: whole vectors of the path's width, then the scalar reference for the tail
/// (never an element twice, never an overlapping last vector).</summary>
internal static class ElementLoop
{
    /// <summary>Converts every element of <paramref name="source"/> into <paramref name="destination"/> (the same
    /// length) on <paramref name="path"/>, an explicit width or scalar.</summary>
    public static void Run<TFrom, TTo, TConversion>(ReadOnlySpan<TFrom> source, Span<TTo> destination,
        TConversion conversion, KernelPath path)
        where TFrom : unmanaged
        where TTo : unmanaged
        where TConversion : struct, IConversion<TFrom, TTo>
    {
        ref TFrom s = ref MemoryMarshal.GetReference(source);
        ref TTo d = ref MemoryMarshal.GetReference(destination);
        nuint n = (nuint)source.Length;
        switch (path)
        {
            case KernelPath.Vector512: Run<TFrom, TTo, TConversion, Lanes512>(ref s, ref d, n, conversion, true); break;
            case KernelPath.Vector256: Run<TFrom, TTo, TConversion, Lanes256>(ref s, ref d, n, conversion, true); break;
            case KernelPath.Vector128: Run<TFrom, TTo, TConversion, Lanes128>(ref s, ref d, n, conversion, true); break;
            default: Run<TFrom, TTo, TConversion, Lanes128>(ref s, ref d, n, conversion, false); break;
        }
    }

    /// <summary>The loop on one width: the <paramref name="n"/> elements from <paramref name="s"/> into
    /// <paramref name="d"/>, whole vectors of <typeparamref name="TLanes"/> (unless <paramref name="vectors"/> is
    /// false: the scalar path) and the scalar reference for the tail. For callers that choose the width once and
    /// then convert many short runs (the 8-bit blocks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run<TFrom, TTo, TConversion, TLanes>(ref TFrom s, ref TTo d, nuint n, TConversion conversion,
        bool vectors)
        where TFrom : unmanaged
        where TTo : unmanaged
        where TConversion : struct, IConversion<TFrom, TTo>
        where TLanes : struct, ILanes<TLanes>
    {
        nuint i = 0;
        if (vectors)
            for (nuint count = (nuint)TLanes.Count; i + count <= n; i += count)
                conversion.Vector<TLanes>(ref s, ref d, i);
        for (; i < n; i++) Unsafe.Add(ref d, i) = conversion.Scalar(Unsafe.Add(ref s, i), i);
    }
}
