using System.Numerics.Tensors;

namespace SimdOpt.Cli.Learning;

/// <summary>
/// A multilayer perceptron with one hidden ReLU layer: h = relu(W1 x + b1), logits = W2 h + b2. Parameters:
/// W1 (hidden x 64), b1 (hidden), W2 (10 x hidden), b2 (10), each matrix row by row.
/// </summary>
internal sealed class Mlp(int hidden) : IClassifier
{
    private const int Inputs = DigitsSet.Features, Outputs = DigitsSet.Classes;

    private readonly int _b1 = hidden * Inputs;
    private readonly int _w2 = hidden * Inputs + hidden;
    private readonly int _b2 = hidden * Inputs + hidden + Outputs * hidden;

    /// <summary>The number of hidden units.</summary>
    public int Hidden => hidden;

    public string Name => "mlp";

    public int ParameterCount => _b2 + Outputs;

    public void Initialize(Span<float> parameters, Random random)
    {
        // He initialisation for the ReLU layer, Glorot for the output layer; biases start at zero.
        double scale1 = Math.Sqrt(6.0 / Inputs), scale2 = Math.Sqrt(6.0 / (hidden + Outputs));
        for (int i = 0; i < _b1; i++) parameters[i] = (float)((random.NextDouble() * 2 - 1) * scale1);
        parameters[_b1.._w2].Clear();
        for (int i = _w2; i < _b2; i++) parameters[i] = (float)((random.NextDouble() * 2 - 1) * scale2);
        parameters[_b2..].Clear();
    }

    public void Logits(ReadOnlySpan<float> parameters, ReadOnlySpan<float> image, Span<float> logits)
    {
        Span<float> h = stackalloc float[hidden];
        HiddenLayer(parameters, image, h);
        OutputLayer(parameters, h, logits);
    }

    public double LossAndGradient(ReadOnlySpan<float> parameters, DigitsSet data, ReadOnlySpan<int> batch,
        Span<float> gradient)
    {
        gradient.Clear();
        Span<float> h = stackalloc float[hidden];
        Span<float> dh = stackalloc float[hidden];
        Span<float> delta = stackalloc float[Outputs];
        double loss = 0;
        foreach (int index in batch)
        {
            var image = data.Image(index);
            HiddenLayer(parameters, image, h);
            OutputLayer(parameters, h, delta);
            loss += CrossEntropy.LossAndGradient(delta, data.Label(index));

            // Output layer: dW2[k] += delta_k h, db2 += delta, and dh = sum_k delta_k W2[k].
            dh.Clear();
            for (int k = 0; k < Outputs; k++)
            {
                var w2Row = parameters.Slice(_w2 + k * hidden, hidden);
                var gRow = gradient.Slice(_w2 + k * hidden, hidden);
                TensorPrimitives.MultiplyAdd(h, delta[k], gRow, gRow);
                TensorPrimitives.MultiplyAdd(w2Row, delta[k], dh, dh);
                gradient[_b2 + k] += delta[k];
            }

            // Hidden layer: through the ReLU (h > 0 exactly where its input was), then dW1[j] += da_j x, db1 += da.
            for (int j = 0; j < hidden; j++)
            {
                if (h[j] <= 0) continue;
                var gRow = gradient.Slice(j * Inputs, Inputs);
                TensorPrimitives.MultiplyAdd(image, dh[j], gRow, gRow);
                gradient[_b1 + j] += dh[j];
            }
        }
        TensorPrimitives.Multiply(gradient, 1f / batch.Length, gradient);
        return loss / batch.Length;
    }

    private void HiddenLayer(ReadOnlySpan<float> parameters, ReadOnlySpan<float> image, Span<float> h)
    {
        for (int j = 0; j < hidden; j++)
            h[j] = Math.Max(0f,
                TensorPrimitives.Dot(parameters.Slice(j * Inputs, Inputs), image) + parameters[_b1 + j]);
    }

    private void OutputLayer(ReadOnlySpan<float> parameters, ReadOnlySpan<float> h, Span<float> logits)
    {
        for (int k = 0; k < Outputs; k++)
            logits[k] = TensorPrimitives.Dot(parameters.Slice(_w2 + k * hidden, hidden), h) + parameters[_b2 + k];
    }
}
