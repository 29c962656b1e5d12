using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SimdOpt.Benchmarks.Kernels;

/// <summary>
/// The arithmetic ceiling in cache: <c>b = f(a, c)</c> where <c>f</c> is one of the per-element operations that bound
/// the optimizers whose steps take square roots and divide (<see cref="IArithmeticOperation"/>), as a
/// <see cref="Vector{T}"/> loop of four independent vectors per iteration, so the loop runs at the divider's
/// throughput, not at its latency. On a machine without AVX-512, <see cref="Vector{T}"/> has the dispatching kernel's
/// width.
/// </summary>
/// <typeparam name="TOperation">The per-element operation.</typeparam>
public sealed class ArithmeticKernel<TOperation> : RangeKernel where TOperation : IArithmeticOperation
{
    private readonly float[] _a;
    private readonly float[] _b;
    private readonly float[] _c;

    /// <summary>Allocates and fills the arrays: positive inputs, so every square root and quotient is an ordinary
    /// number.</summary>
    /// <param name="length">The number of elements.</param>
    public ArithmeticKernel(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _a = new float[length];
        _b = new float[length];
        _c = new float[length];
        for (int i = 0; i < length; i++)
        {
            _a[i] = 1f + i % 97;
            _c[i] = 2f + i % 89;
        }
    }

    /// <inheritdoc/>
    public override int Length => _a.Length;

    /// <inheritdoc/>
    public override void Prepare(long t) { }

    /// <inheritdoc/>
    public override void Apply(int start, int length)
    {
        ref float a = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_a), start);
        ref float b = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_b), start);
        ref float c = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_c), start);
        nuint n = (nuint)length, i = 0, w = (nuint)Vector<float>.Count;
        for (; i + 4 * w <= n; i += 4 * w)
        {
            Vector.StoreUnsafe(TOperation.Apply(Vector.LoadUnsafe(ref a, i), Vector.LoadUnsafe(ref c, i)), ref b, i);
            Vector.StoreUnsafe(TOperation.Apply(Vector.LoadUnsafe(ref a, i + w), Vector.LoadUnsafe(ref c, i + w)), ref b, i + w);
            Vector.StoreUnsafe(TOperation.Apply(Vector.LoadUnsafe(ref a, i + 2 * w), Vector.LoadUnsafe(ref c, i + 2 * w)), ref b, i + 2 * w);
            Vector.StoreUnsafe(TOperation.Apply(Vector.LoadUnsafe(ref a, i + 3 * w), Vector.LoadUnsafe(ref c, i + 3 * w)), ref b, i + 3 * w);
        }
        for (; i < n; i++) Unsafe.Add(ref b, i) = TOperation.Apply(Unsafe.Add(ref a, i), Unsafe.Add(ref c, i));
    }
}

/// <summary>One per-element operation of <see cref="ArithmeticKernel{TOperation}"/>, for vectors and for the scalar
/// tail.</summary>
public interface IArithmeticOperation
{
    /// <summary>The operation on a vector of elements.</summary>
    /// <param name="a">The first operand.</param>
    /// <param name="c">The second operand.</param>
    static abstract Vector<float> Apply(Vector<float> a, Vector<float> c);

    /// <summary>The operation on one element.</summary>
    /// <param name="a">The first operand.</param>
    /// <param name="c">The second operand.</param>
    static abstract float Apply(float a, float c);
}

/// <summary><c>sqrt(a)</c>.</summary>
public readonly struct SquareRoot : IArithmeticOperation
{
    /// <inheritdoc/>
    public static Vector<float> Apply(Vector<float> a, Vector<float> c) => Vector.SquareRoot(a);

    /// <inheritdoc/>
    public static float Apply(float a, float c) => MathF.Sqrt(a);
}

/// <summary><c>c / a</c>.</summary>
public readonly struct Quotient : IArithmeticOperation
{
    /// <inheritdoc/>
    public static Vector<float> Apply(Vector<float> a, Vector<float> c) => c / a;

    /// <inheritdoc/>
    public static float Apply(float a, float c) => c / a;
}

/// <summary><c>c / sqrt(a)</c>: the root and quotient per element of Adam, AdamW, Adagrad, RMSprop, NAdam and
/// RAdam.</summary>
public readonly struct QuotientBySquareRoot : IArithmeticOperation
{
    /// <inheritdoc/>
    public static Vector<float> Apply(Vector<float> a, Vector<float> c) => c / Vector.SquareRoot(a);

    /// <inheritdoc/>
    public static float Apply(float a, float c) => c / MathF.Sqrt(a);
}

/// <summary><c>sqrt(c) / sqrt(a)</c>: Adadelta's two roots and a quotient per element.</summary>
public readonly struct QuotientOfSquareRoots : IArithmeticOperation
{
    /// <inheritdoc/>
    public static Vector<float> Apply(Vector<float> a, Vector<float> c) => Vector.SquareRoot(c) / Vector.SquareRoot(a);

    /// <inheritdoc/>
    public static float Apply(float a, float c) => MathF.Sqrt(c) / MathF.Sqrt(a);
}
