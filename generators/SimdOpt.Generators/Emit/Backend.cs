using System;

namespace SimdOpt.Generators.Emit;

/// <summary>
/// How one code path spells the operations of the loop body. The scalar path spells them on <c>T</c>; the vector
/// paths on Vector128/256/512&lt;T&gt; or Vector&lt;T&gt;. Every spelling computes the same IEEE operation per element,
/// which is what keeps the paths bit-identical.
/// </summary>
internal abstract class Backend
{
    /// <summary>Vector512, Vector256, Vector128, VectorT, Scalar.</summary>
    public abstract string Name { get; }

    /// <summary>The C# type of one value of the loop (a vector of T, or T).</summary>
    public abstract string ValueType { get; }

    /// <summary>Elements per iteration, as a C# expression.</summary>
    public abstract string Width { get; }

    /// <summary>Reads the value at <paramref name="index"/> (a nuint expression) from <paramref name="reference"/>.</summary>
    public abstract string Load(string reference, string index);

    /// <summary>Writes <paramref name="value"/> at <paramref name="index"/> (a nuint expression) through <paramref name="reference"/>.</summary>
    public abstract string Store(string value, string reference, string index);

    public abstract string Broadcast(string scalar);

    /// <summary>A per-step condition as a value of the loop: a mask for vectors, a bool for scalars.</summary>
    public abstract string Mask(string condition);

    public abstract string Zero { get; }

    public abstract string Unary(string op, string operand);

    public abstract string Arithmetic(string op, string left, string right);

    /// <summary>A comparison, <paramref name="op"/> one of &lt; &lt;= &gt; &gt;= == !=.</summary>
    public abstract string Compare(string op, string left, string right);

    /// <summary>&amp;&amp; or || on conditions of the loop.</summary>
    public abstract string Logical(string op, string left, string right);

    public abstract string Select(string condition, string whenTrue, string whenFalse);

    public abstract string Call(string function, string[] arguments);

    public static readonly Backend[] All =
    {
        new VectorBackend("Vector512", "global::System.Runtime.Intrinsics.Vector512", "global::System.Runtime.Intrinsics.Vector512<T>", "Sqrt"),
        new VectorBackend("Vector256", "global::System.Runtime.Intrinsics.Vector256", "global::System.Runtime.Intrinsics.Vector256<T>", "Sqrt"),
        new VectorBackend("Vector128", "global::System.Runtime.Intrinsics.Vector128", "global::System.Runtime.Intrinsics.Vector128<T>", "Sqrt"),
        new VectorBackend("VectorT", "global::System.Numerics.Vector", "global::System.Numerics.Vector<T>", "SquareRoot"),
        new ScalarBackend(),
    };
}

internal sealed class VectorBackend : Backend
{
    private readonly string _api;
    private readonly string _type;
    private readonly string _sqrt;

    public VectorBackend(string name, string api, string type, string sqrt)
    {
        Name = name;
        _api = api;
        _type = type;
        _sqrt = sqrt;
    }

    public override string Name { get; }

    public override string ValueType => _type;

    public override string Width => "(nuint)" + _type + ".Count";

    public override string Load(string reference, string index) => _api + ".LoadUnsafe(ref " + reference + ", " + index + ")";

    public override string Store(string value, string reference, string index) => _api + ".StoreUnsafe(" + value + ", ref " + reference + ", " + index + ");";

    public override string Broadcast(string scalar) => _api + ".Create(" + scalar + ")";

    public override string Mask(string condition) => "(" + condition + " ? " + _type + ".AllBitsSet : " + _type + ".Zero)";

    public override string Zero => _type + ".Zero";

    // Negation is 0 - x on every path, so a zero's sign comes out the same everywhere.
    public override string Unary(string op, string operand) => op switch
    {
        "-" => "(" + _type + ".Zero - " + operand + ")",
        "!" => "(~" + operand + ")",
        _ => throw new ArgumentException(op),
    };

    public override string Arithmetic(string op, string left, string right) => "(" + left + " " + op + " " + right + ")";

    public override string Compare(string op, string left, string right) => op switch
    {
        "<" => _api + ".LessThan(" + left + ", " + right + ")",
        "<=" => _api + ".LessThanOrEqual(" + left + ", " + right + ")",
        ">" => _api + ".GreaterThan(" + left + ", " + right + ")",
        ">=" => _api + ".GreaterThanOrEqual(" + left + ", " + right + ")",
        "==" => _api + ".Equals(" + left + ", " + right + ")",
        "!=" => "(~" + _api + ".Equals(" + left + ", " + right + "))",
        _ => throw new ArgumentException(op),
    };

    public override string Logical(string op, string left, string right) =>
        "(" + left + (op == "&&" ? " & " : " | ") + right + ")";

    public override string Select(string condition, string whenTrue, string whenFalse) =>
        _api + ".ConditionalSelect(" + condition + ", " + whenTrue + ", " + whenFalse + ")";

    public override string Call(string function, string[] a) => function switch
    {
        "sqrt" => _api + "." + _sqrt + "(" + a[0] + ")",
        "abs" => _api + ".Abs(" + a[0] + ")",
        "sign" => "global::SimdOpt.Kernels.Internal.KernelMath.Sign(" + a[0] + ")",
        "min" => _api + ".Min(" + a[0] + ", " + a[1] + ")",
        "max" => _api + ".Max(" + a[0] + ", " + a[1] + ")",
        "clamp" => _api + ".Min(" + _api + ".Max(" + a[0] + ", " + a[1] + "), " + a[2] + ")",
        _ => throw new ArgumentException($"'{function}' is not computed per element."),
    };
}

internal sealed class ScalarBackend : Backend
{
    private const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";

    public override string Name => "Scalar";

    public override string ValueType => "T";

    public override string Width => "1";

    public override string Load(string reference, string index) => Unsafe + ".Add(ref " + reference + ", " + index + ")";

    public override string Store(string value, string reference, string index) => Unsafe + ".Add(ref " + reference + ", " + index + ") = " + value + ";";

    public override string Broadcast(string scalar) => scalar;

    public override string Mask(string condition) => condition;

    public override string Zero => "T.Zero";

    public override string Unary(string op, string operand) => op switch
    {
        "-" => "(T.Zero - " + operand + ")",
        "!" => "(!" + operand + ")",
        _ => throw new ArgumentException(op),
    };

    public override string Arithmetic(string op, string left, string right) => "(" + left + " " + op + " " + right + ")";

    public override string Compare(string op, string left, string right) => "(" + left + " " + op + " " + right + ")";

    public override string Logical(string op, string left, string right) => "(" + left + " " + op + " " + right + ")";

    public override string Select(string condition, string whenTrue, string whenFalse) =>
        "(" + condition + " ? " + whenTrue + " : " + whenFalse + ")";

    public override string Call(string function, string[] a) => function switch
    {
        "sqrt" => "T.Sqrt(" + a[0] + ")",
        "abs" => "T.Abs(" + a[0] + ")",
        "sign" => "global::SimdOpt.Kernels.Internal.KernelMath.Sign(" + a[0] + ")",
        "min" => "T.Min(" + a[0] + ", " + a[1] + ")",
        "max" => "T.Max(" + a[0] + ", " + a[1] + ")",
        "clamp" => "T.Min(T.Max(" + a[0] + ", " + a[1] + "), " + a[2] + ")",
        _ => throw new ArgumentException($"'{function}' is not computed per element."),
    };
}
