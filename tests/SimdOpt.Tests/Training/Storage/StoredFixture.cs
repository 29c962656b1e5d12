using SimdOpt.Kernels;
using SimdOpt.Precision;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training.Storage;

/// <summary>
/// Tensors in the storages of a <see cref="StorageVariant"/>, with <see cref="TrainingFixture{T}"/>'s deterministic
/// loss: the float32 gradient is computed from the widened values and narrowed into the gradient's storage.
/// </summary>
internal sealed class StoredFixture
{
    private readonly float[][] _targets;
    private readonly Array[] _values;
    private readonly Array[] _gradients;

    public StoredFixture(StorageVariant variant, int seed, params int[] lengths)
    {
        Variant = variant;
        var random = new Random(seed);
        _values = new Array[lengths.Length];
        _gradients = new Array[lengths.Length];
        _targets = new float[lengths.Length][];
        for (int t = 0; t < lengths.Length; t++)
        {
            var start = Enumerable.Range(0, lengths[t]).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            _targets[t] = Enumerable.Range(0, lengths[t]).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
            _values[t] = Allocate(variant.Values, lengths[t]);
            _gradients[t] = Allocate(variant.Gradients, lengths[t]);
            Tensor(_values[t]).Memory.Narrow(start, 0, KernelPath.Scalar);
        }
    }

    public StorageVariant Variant { get; }

    public int Count => _values.Length;

    public IEnumerable<StoredParameter> Parameters() =>
        Enumerable.Range(0, Count).Select(t => new StoredParameter(Tensor(_values[t]), Tensor(_gradients[t])));

    /// <summary>The values of tensor <paramref name="t"/>, widened.</summary>
    public float[] Values(int t) => Widen(_values[t]);

    /// <summary>The gradient of tensor <paramref name="t"/>, widened.</summary>
    public float[] Gradient(int t) => Widen(_gradients[t]);

    /// <summary>The stored bytes of tensor <paramref name="t"/>'s values.</summary>
    public byte[] ValueBytes(int t) => Tensor(_values[t]).Memory.ElementBytes.ToArray();

    /// <summary>Writes the gradients of step <paramref name="step"/> (0-based) from the current values.</summary>
    public void ComputeGradients(long step)
    {
        for (int t = 0; t < Count; t++)
        {
            var p = Values(t);
            var g = new float[p.Length];
            for (int i = 0; i < g.Length; i++) g[i] = (float)(p[i] - _targets[t][i] + 0.01 * Math.Sin(step + i));
            Tensor(_gradients[t]).Memory.Narrow(g, 0, KernelPath.Scalar);
        }
    }

    /// <summary>Steps <paramref name="optimizer"/> over these tensors for steps <paramref name="from"/> (0-based) to
    /// <paramref name="to"/> (excluded), each on the gradients <see cref="ComputeGradients"/> writes.</summary>
    public void Train(Optimizer optimizer, int from, int to)
    {
        for (int step = from; step < to; step++)
        {
            ComputeGradients(step);
            optimizer.Step();
        }
    }

    private static float[] Widen(Array stored)
    {
        var tensor = Tensor(stored);
        var values = new float[tensor.Length];
        tensor.Memory.Widen(0, values, KernelPath.Scalar);
        return values;
    }

    private static Array Allocate(StorageKind kind, int length) => kind switch
    {
        StorageKind.Float32 => new float[length],
        StorageKind.BFloat16 => new BFloat16[length],
        _ => new Half[length],
    };

    private static StoredTensor Tensor(Array stored) => stored switch
    {
        float[] f => f,
        BFloat16[] b => b,
        _ => (Half[])stored,
    };
}
