using System.Numerics.Tensors;

namespace SimdOpt.Cli.Learning;

/// <summary>
/// Multinomial logistic regression: logits = W x + b. Parameters: W (10 x 64, row by row), then b (10).
/// </summary>
internal sealed class SoftmaxRegression : IClassifier
{
    private const int Inputs = DigitsSet.Features, Outputs = DigitsSet.Classes;
    private const int BiasOffset = Inputs * Outputs;

    public string Name => "softmax";

    public int ParameterCount => BiasOffset + Outputs;

    public void Initialize(Span<float> parameters, Random random)
    {
        // Small random weights, drawn from the run's seed: every optimizer and batch size starts from the same point.
        for (int i = 0; i < BiasOffset; i++) parameters[i] = (float)((random.NextDouble() * 2 - 1) * 0.01);
        parameters[BiasOffset..].Clear();
    }

    public void Logits(ReadOnlySpan<float> parameters, ReadOnlySpan<float> image, Span<float> logits)
    {
        for (int k = 0; k < Outputs; k++)
            logits[k] = TensorPrimitives.Dot(parameters.Slice(k * Inputs, Inputs), image) + parameters[BiasOffset + k];
    }

    public double LossAndGradient(ReadOnlySpan<float> parameters, DigitsSet data, ReadOnlySpan<int> batch,
        Span<float> gradient)
    {
        gradient.Clear();
        Span<float> delta = stackalloc float[Outputs];
        double loss = 0;
        foreach (int index in batch)
        {
            var image = data.Image(index);
            Logits(parameters, image, delta);
            loss += CrossEntropy.LossAndGradient(delta, data.Label(index));
            for (int k = 0; k < Outputs; k++)
            {
                var row = gradient.Slice(k * Inputs, Inputs);
                TensorPrimitives.MultiplyAdd(image, delta[k], row, row);   // dW[k] += delta_k x
                gradient[BiasOffset + k] += delta[k];                      // db[k] += delta_k
            }
        }
        TensorPrimitives.Multiply(gradient, 1f / batch.Length, gradient);
        return loss / batch.Length;
    }
}
