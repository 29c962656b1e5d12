using SimdOpt.Generators.Language;

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

    /// <summary>Reads the value at <paramref name="index"/> (a nuint expression) from
    /// <paramref name="reference"/>.</summary>
    public abstract string Load(string reference, string index);

    /// <summary>Writes <paramref name="value"/> at <paramref name="index"/> (a nuint expression) through
    /// <paramref name="reference"/>.</summary>
    public abstract string Store(string value, string reference, string index);

    /// <summary>The suffix of this path's methods on an element storage (<c>IElementStorage.Load512</c>, ...).
    /// </summary>
    protected abstract string StorageSuffix { get; }

    /// <summary>Reads the value at <paramref name="index"/> from <paramref name="reference"/>, an array held in
    /// <paramref name="storage"/> (a type parameter of the loop, an <c>IElementStorage</c>).</summary>
    public string Load(string storage, string reference, string index) => storage + ".Load" + StorageSuffix + "(ref "
        + reference + ", " + index + ")";

    /// <summary>Writes <paramref name="value"/> at <paramref name="index"/> through <paramref name="reference"/>, an
    /// array held in <paramref name="storage"/>.</summary>
    public string Store(string storage, string value, string reference, string index) => storage + ".Store"
        + StorageSuffix + "(" + value + ", ref " + reference + ", " + index + ");";

    public abstract string Broadcast(string scalar);

    /// <summary>A per-step condition as a value of the loop: a mask for vectors, a bool for scalars.</summary>
    public abstract string Mask(string condition);

    public abstract string Zero { get; }

    /// <summary>Where this path's operations are found (<c>T</c>, or the vector API).</summary>
    public abstract MathTarget Math { get; }

    /// <summary>Writes <paramref name="operation"/> on this path's values, as the language table spells it.</summary>
    public abstract string Apply(Operation operation, string[] operands);

    public static readonly Backend[] All =
    {
        new VectorBackend("Vector512", RuntimeNames.Vector512Api, RuntimeNames.Vector512Api + "<T>", "Sqrt", "512"),
        new VectorBackend("Vector256", RuntimeNames.Vector256Api, RuntimeNames.Vector256Api + "<T>", "Sqrt", "256"),
        new VectorBackend("Vector128", RuntimeNames.Vector128Api, RuntimeNames.Vector128Api + "<T>", "Sqrt", "128"),
        new VectorBackend("VectorT", RuntimeNames.VectorApi, RuntimeNames.VectorApi + "<T>", "SquareRoot", "Vector"),
        new ScalarBackend(),
    };
}

internal sealed class VectorBackend : Backend
{
    private readonly string _api;
    private readonly string _type;

    public VectorBackend(string name, string api, string type, string sqrt, string storageSuffix)
    {
        Name = name;
        StorageSuffix = storageSuffix;
        _api = api;
        _type = type;
        Math = new MathTarget(api, type + ".Zero", sqrt);
    }

    public override string Name { get; }

    protected override string StorageSuffix { get; }

    public override string ValueType => _type;

    public override string Width => "(nuint)" + _type + ".Count";

    public override string Load(string reference, string index) => _api + ".LoadUnsafe(ref " + reference + ", " + index
        + ")";

    public override string Store(string value, string reference, string index) => _api + ".StoreUnsafe(" + value
        + ", ref " + reference + ", " + index + ");";

    public override string Broadcast(string scalar) => _api + ".Create(" + scalar + ")";

    public override string Mask(string condition) => "(" + condition + " ? " + _type + ".AllBitsSet : " + _type
        + ".Zero)";

    public override string Zero => _type + ".Zero";

    public override MathTarget Math { get; }

    public override string Apply(Operation operation, string[] operands) => operation.Vector(Math, operands);
}

internal sealed class ScalarBackend : Backend
{
    private const string Unsafe = RuntimeNames.Unsafe;

    public override string Name => "Scalar";

    protected override string StorageSuffix => "";

    public override string ValueType => "T";

    public override string Width => "1";

    public override string Load(string reference, string index) => Unsafe + ".Add(ref " + reference + ", " + index
        + ")";

    public override string Store(string value, string reference, string index) => Unsafe + ".Add(ref " + reference
        + ", " + index + ") = " + value + ";";

    public override string Broadcast(string scalar) => scalar;

    public override string Mask(string condition) => condition;

    public override string Zero => "T.Zero";

    public override MathTarget Math => MathTarget.Scalar;

    public override string Apply(Operation operation, string[] operands) => operation.Scalar(Math, operands);
}
