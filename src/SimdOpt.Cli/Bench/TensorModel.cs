using SimdOpt.Training;

namespace SimdOpt.Cli.Bench;

/// <summary>
/// The parameters of a model cut as a <see cref="TensorLayout"/> says, in the <see cref="TensorMemory"/> asked for,
/// filled from a fixed seed: values in [-1, 1), gradients of magnitude 0.005 to 0.015 with either sign (away from
/// zero, so no optimizer's state decays into subnormal numbers). Every memory of one layout holds the same numbers.
/// </summary>
internal static class TensorModel
{
    /// <summary>The scale of the gradients: each is this times a magnitude in [0.5, 1.5), with a random sign.</summary>
    public const double GradientScale = 0.01;

    /// <summary>The bytes a model of <paramref name="layout"/> and an optimizer with <paramref name="stateCount"/>
    /// state buffers over it take: values, gradients and state, 4 bytes each per element.</summary>
    public static long BytesFor(TensorLayout layout, int stateCount) =>
        (2L + stateCount) * layout.Elements * sizeof(float);

    /// <summary>The tensors of <paramref name="layout"/> in <paramref name="memory"/>, in order, filled from
    /// <paramref name="seed"/>.</summary>
    public static Parameter<float>[] Create(TensorLayout layout, TensorMemory memory, int seed)
    {
        Parameter<float>[] parameters = memory switch
        {
            TensorMemory.OneArray or TensorMemory.OwnArrays => OwnArrays(layout),
            TensorMemory.OneBuffer =>
                [.. new ParameterBuffer<float>(Enumerable.Repeat(layout.Size, layout.Count)).Parameters],
            _ => throw new ArgumentOutOfRangeException(nameof(memory), memory, "Unknown tensor memory."),
        };
        Fill(parameters, seed);
        return parameters;
    }

    // Values then gradients of tensor 0, then of tensor 1, ...: the order a model built layer by layer allocates in.
    private static Parameter<float>[] OwnArrays(TensorLayout layout)
    {
        var parameters = new Parameter<float>[layout.Count];
        for (int i = 0; i < parameters.Length; i++)
        {
            var values = new float[layout.Size];
            var gradients = new float[layout.Size];
            parameters[i] = new Parameter<float>(values, gradients);
        }
        return parameters;
    }

    private static void Fill(Parameter<float>[] parameters, int seed)
    {
        var random = new Random(seed);
        foreach (var parameter in parameters)
        {
            var values = parameter.Value.Span;
            var gradients = parameter.Gradient.Span;
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (float)(random.NextDouble() * 2 - 1);
                gradients[i] = (float)((0.5 + random.NextDouble()) * GradientScale * (random.Next(2) == 0 ? -1 : 1));
            }
        }
    }
}
