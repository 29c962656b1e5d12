namespace SimdOpt.Training.Interchange;

/// <summary>The element types of the safetensors format, named as its header spells them (<c>"F32"</c>, ...).</summary>
public enum SafetensorsDtype
{
    /// <summary>A byte that is 0 (false) or 1 (true): <c>BOOL</c>.</summary>
    Bool,

    /// <summary>An unsigned 8-bit integer: <c>U8</c>.</summary>
    U8,

    /// <summary>A signed 8-bit integer: <c>I8</c>.</summary>
    I8,

    /// <summary>A signed 16-bit integer: <c>I16</c>.</summary>
    I16,

    /// <summary>A signed 32-bit integer: <c>I32</c>.</summary>
    I32,

    /// <summary>A signed 64-bit integer: <c>I64</c> (torch's <c>int64</c>, and an integer step count).</summary>
    I64,

    /// <summary>IEEE 754 half precision: <c>F16</c>.</summary>
    F16,

    /// <summary>bfloat16, the upper half of a float32: <c>BF16</c>.</summary>
    BF16,

    /// <summary>IEEE 754 single precision: <c>F32</c>.</summary>
    F32,

    /// <summary>IEEE 754 double precision: <c>F64</c>.</summary>
    F64,
}

/// <summary>The header names and element sizes of <see cref="SafetensorsDtype"/>.</summary>
internal static class SafetensorsDtypes
{
    private static readonly string[] Names = ["BOOL", "U8", "I8", "I16", "I32", "I64", "F16", "BF16", "F32", "F64"];
    private static readonly int[] Sizes = [1, 1, 1, 2, 4, 8, 2, 2, 4, 8];

    /// <summary>The name the header uses, e.g. <c>F32</c>.</summary>
    public static string HeaderName(this SafetensorsDtype dtype) => Names[(int)dtype];

    /// <summary>The size of one element in bytes.</summary>
    public static int ElementSize(this SafetensorsDtype dtype) => Sizes[(int)dtype];

    /// <summary>The dtype the header names <paramref name="name"/>, if it is one this library reads.</summary>
    public static bool TryParse(string name, out SafetensorsDtype dtype)
    {
        int index = Array.IndexOf(Names, name);
        dtype = (SafetensorsDtype)Math.Max(index, 0);
        return index >= 0;
    }

    /// <summary>Whether <paramref name="dtype"/> is defined.</summary>
    public static bool IsDefined(SafetensorsDtype dtype) => (uint)dtype < (uint)Names.Length;
}
