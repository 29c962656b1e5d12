using SimdOpt.Benchmarks.Suite;

namespace SimdOpt.Benchmarks.Averaging;

/// <summary>
/// One way to run an AdamW step of the training runtime with or without an EMA of the parameters, and the bytes each
/// moves per float element: the step alone (p read and written, g read, two moments read and written: 28), the step
/// then <c>AveragedParameters.Update()</c> in a pass of its own (the parameter read again, the average read and
/// written: 40), the step with the average attached (<c>Optimizer.Attach</c>: the parameter is averaged while still in
/// cache, so only the average's 8 bytes are added: 36), and the update alone (12).
/// </summary>
public sealed class AveragingCase : IBenchmarkSubject
{
    /// <summary>How the step and the average are run.</summary>
    public enum Kind
    {
        /// <summary><c>optimizer.Step()</c>, no average.</summary>
        StepAlone,

        /// <summary><c>optimizer.Step()</c>, then <c>average.Update()</c>.</summary>
        StepThenUpdate,

        /// <summary><c>optimizer.Step()</c> with the average attached.</summary>
        FusedStep,

        /// <summary><c>average.Update()</c> alone.</summary>
        UpdateAlone,
    }

    private AveragingCase(Kind kind, string name, int bytesPerElement)
    {
        Run = kind;
        Name = name;
        BytesPerElement = bytesPerElement;
    }

    /// <summary>What the benchmark runs.</summary>
    public Kind Run { get; }

    /// <summary>The label of the case.</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public string Family => "averaging";

    /// <inheritdoc/>
    public int BytesPerElement { get; }

    /// <inheritdoc/>
    public bool IsScalarReference => false;

    /// <summary>Every case, in the order of the table.</summary>
    public static IEnumerable<AveragingCase> All() =>
    [
        new(Kind.StepAlone, "adamw step", 7 * sizeof(float)),
        new(Kind.StepThenUpdate, "adamw step, then ema Update()", 10 * sizeof(float)),
        new(Kind.FusedStep, "adamw step, ema attached", 9 * sizeof(float)),
        new(Kind.UpdateAlone, "ema Update() alone", 3 * sizeof(float)),
    ];

    /// <inheritdoc/>
    public override string ToString() => Name;
}
