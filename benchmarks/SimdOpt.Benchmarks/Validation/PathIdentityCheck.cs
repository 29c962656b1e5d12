using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using SimdOpt.Benchmarks.Suite;
using SimdOpt.Kernels;

namespace SimdOpt.Benchmarks.Validation;

/// <summary>
/// A quick bit-identity check of the generated kernels across every <see cref="KernelPath"/> (accelerated or not:
/// an unaccelerated path runs in software and must still give the same bits), for float and double, every length up
/// to 70 and one long one, in the benchmarked configuration, torch's defaults, and with each flag flipped and weight
/// decay on. Gradients include zeros, -0, subnormals and large values. The full property suite lives in the tests.
/// </summary>
public static class PathIdentityCheck
{
    /// <summary>The steps taken per case.</summary>
    public const int Steps = 3;

    /// <summary>Every length from 0 to 70 (every tail of every width, and the unrolled loops) and 1031.</summary>
    public static IEnumerable<int> Lengths => Enumerable.Range(0, 71).Append(1031);

    /// <summary>Checks every configuration of <paramref name="optimizer"/>; returns how many (configuration, type,
    /// length) cases passed.</summary>
    /// <param name="optimizer">The optimizer.</param>
    /// <exception cref="ValidationException">Some path gives other bits than the scalar path.</exception>
    public static int Check(OptimizerCase optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        int cases = 0;
        foreach (var (description, definition) in Configurations(optimizer))
            foreach (int length in Lengths)
            {
                Check<float>(definition, description, length);
                Check<double>(definition, description, length);
                cases += 2;
            }
        return cases;
    }

    private static IEnumerable<(string Description, OptimizerHyperparameters Definition)> Configurations(OptimizerCase optimizer)
    {
        yield return (optimizer.Settings, optimizer.Create());
        yield return ("torch defaults", OptimizerRegistry.Get(optimizer.Name).Create());
        var info = OptimizerRegistry.Get(optimizer.Name);
        foreach (var flag in info.Flags)
        {
            var flipped = optimizer.Create();
            flipped.SetFlag(flag.Name, !flipped.GetFlag(flag.Name));
            yield return (optimizer.Settings + ", " + flag.Name + " flipped", flipped);
        }
        if (info.Hyperparameters.Any(h => h.Name == "weight_decay"))
        {
            var decayed = optimizer.Create();
            decayed.SetHyperparameter("weight_decay", 0.1);
            yield return (optimizer.Settings + ", weight_decay=0.1", decayed);
        }
    }

    private static void Check<T>(OptimizerHyperparameters definition, string description, int length) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var paths = Enum.GetValues<KernelPath>();
        var states = paths.Select(_ => new OptimizerState<T>(definition, length)).ToArray();
        var parameters = paths.Select(_ => Values<T>(length, seed: 7, gradients: false)).ToArray();
        for (int step = 1; step <= Steps; step++)
        {
            var gradients = Values<T>(length, seed: step, gradients: true);
            for (int k = 0; k < paths.Length; k++) states[k].Step(parameters[k], gradients, paths[k]);
        }
        int scalar = Array.IndexOf(paths, KernelPath.Scalar);
        for (int k = 0; k < paths.Length; k++)
        {
            if (!Bits(parameters[k]).SequenceEqual(Bits(parameters[scalar])) || !Bits(Block(states[k])).SequenceEqual(Bits(Block(states[scalar]))))
                throw new ValidationException(string.Create(CultureInfo.InvariantCulture,
                    $"'{definition.Info.Name}' ({description}), {typeof(T).Name}, {length} elements: path {paths[k]} differs from Scalar after {Steps} steps."));
        }
    }

    private static T[] Block<T>(OptimizerState<T> state) where T : unmanaged, IFloatingPointIeee754<T> =>
        Enumerable.Range(0, state.Spans.Count).SelectMany(k => state.Buffer(k).ToArray()).ToArray();

    private static ReadOnlySpan<byte> Bits<T>(T[] values) where T : unmanaged => MemoryMarshal.AsBytes(values.AsSpan());

    // Random values, with every eleventh element special: 0, -0, a float subnormal, or a large value.
    private static T[] Values<T>(int length, int seed, bool gradients) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        var values = new T[length];
        double[] special = [0.0, -0.0, 1e-40, 3e20];
        for (int i = 0; i < length; i++)
            values[i] = T.CreateTruncating(gradients && i % 11 == 5 ? special[i / 11 % special.Length] : 2 * random.NextDouble() - 1);
        return values;
    }
}
