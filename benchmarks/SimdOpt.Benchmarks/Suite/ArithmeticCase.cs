using SimdOpt.Benchmarks.Kernels;

namespace SimdOpt.Benchmarks.Suite;

/// <summary>
/// One of the in-cache arithmetic loops, the ceiling that optimizers taking square roots and quotients are read against
/// where memory does not bound them.
/// </summary>
public sealed class ArithmeticCase : IBenchmarkSubject
{
    private readonly Func<int, RangeKernel> _create;

    private ArithmeticCase(string name, Func<int, RangeKernel> create)
    {
        Name = name;
        _create = create;
    }

    /// <summary>The operation per element, e.g. <c>c/sqrt(a)</c>.</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public string Family => "arithmetic";

    /// <summary>a and c read, b written: 12 bytes per element.</summary>
    public int BytesPerElement => 3 * sizeof(float);

    /// <inheritdoc/>
    public bool IsScalarReference => false;

    /// <summary>sqrt(a), c/a, c/sqrt(a) and sqrt(c)/sqrt(a).</summary>
    public static IEnumerable<ArithmeticCase> All() =>
    [
        new("sqrt(a)", n => new ArithmeticKernel<SquareRoot>(n)),
        new("c/a", n => new ArithmeticKernel<Quotient>(n)),
        new("c/sqrt(a)", n => new ArithmeticKernel<QuotientBySquareRoot>(n)),
        new("sqrt(c)/sqrt(a)", n => new ArithmeticKernel<QuotientOfSquareRoots>(n)),
    ];

    /// <summary>Creates the loop over <paramref name="length"/> elements.</summary>
    /// <param name="length">The number of elements.</param>
    public RangeKernel CreateKernel(int length) => _create(length);

    /// <inheritdoc/>
    public override string ToString() => "arithmetic " + Name;
}
