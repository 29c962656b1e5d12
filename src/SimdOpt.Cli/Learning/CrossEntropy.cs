namespace SimdOpt.Cli.Learning;

/// <summary>Softmax cross-entropy on one example's logits, computed stably (through log-sum-exp with the largest logit
/// taken out).</summary>
internal static class CrossEntropy
{
    /// <summary>The loss <c>-log softmax(logits)[label]</c>.</summary>
    public static double Loss(ReadOnlySpan<float> logits, int label) => LogSumExp(logits) - logits[label];

    /// <summary>Returns the loss and turns <paramref name="logits"/> into its gradient with respect to the logits:
    /// <c>softmax - onehot(label)</c>.</summary>
    public static double LossAndGradient(Span<float> logits, int label)
    {
        double logSum = LogSumExp(logits);
        double loss = logSum - logits[label];
        for (int k = 0; k < logits.Length; k++)
            logits[k] = (float)Math.Exp(logits[k] - logSum) - (k == label ? 1f : 0f);
        return loss;
    }

    private static double LogSumExp(ReadOnlySpan<float> logits)
    {
        double max = double.NegativeInfinity;
        foreach (float z in logits) max = Math.Max(max, z);
        double sum = 0;
        foreach (float z in logits) sum += Math.Exp(z - max);
        return max + Math.Log(sum);
    }
}
