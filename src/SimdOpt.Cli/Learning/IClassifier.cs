namespace SimdOpt.Cli.Learning;

/// <summary>
/// A digit classifier whose parameters live in one flat array, so one optimizer state steps all of them. Forward and
/// backward passes are written out by hand; the update is the optimizer's.
/// </summary>
internal interface IClassifier
{
    /// <summary>The name in tables and file names.</summary>
    string Name { get; }

    /// <summary>The number of parameters.</summary>
    int ParameterCount { get; }

    /// <summary>Writes the starting parameters, drawn from <paramref name="random"/>.</summary>
    void Initialize(Span<float> parameters, Random random);

    /// <summary>Writes the class scores (logits) of one image into <paramref name="logits"/> (10 elements).</summary>
    void Logits(ReadOnlySpan<float> parameters, ReadOnlySpan<float> image, Span<float> logits);

    /// <summary>
    /// The mean cross-entropy over the images <paramref name="batch"/> of <paramref name="data"/>, and its gradient
    /// with respect to the parameters, written to <paramref name="gradient"/> (overwritten, not added to).
    /// </summary>
    double LossAndGradient(ReadOnlySpan<float> parameters, DigitsSet data, ReadOnlySpan<int> batch,
        Span<float> gradient);
}
