namespace SimdOpt.Cli.Learning;

/// <summary>Loss and accuracy of a classifier over a whole data set.</summary>
internal static class Evaluation
{
    /// <summary>The mean cross-entropy over every image of <paramref name="data"/>.</summary>
    public static double Loss(IClassifier model, ReadOnlySpan<float> parameters, DigitsSet data)
    {
        Span<float> logits = stackalloc float[DigitsSet.Classes];
        double sum = 0;
        for (int i = 0; i < data.Count; i++)
        {
            model.Logits(parameters, data.Image(i), logits);
            sum += CrossEntropy.Loss(logits, data.Label(i));
        }
        return sum / data.Count;
    }

    /// <summary>The share of images of <paramref name="data"/> whose largest logit is their label's.</summary>
    public static double Accuracy(IClassifier model, ReadOnlySpan<float> parameters, DigitsSet data)
    {
        Span<float> logits = stackalloc float[DigitsSet.Classes];
        int correct = 0;
        for (int i = 0; i < data.Count; i++)
        {
            model.Logits(parameters, data.Image(i), logits);
            int best = 0;
            for (int k = 1; k < logits.Length; k++)
                if (logits[k] > logits[best]) best = k;
            if (best == data.Label(i)) correct++;
        }
        return (double)correct / data.Count;
    }
}
