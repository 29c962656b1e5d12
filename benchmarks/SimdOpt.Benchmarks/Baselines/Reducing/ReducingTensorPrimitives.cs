using SimdOpt.Benchmarks.Kernels;
using static System.Numerics.Tensors.TensorPrimitives;

namespace SimdOpt.Benchmarks.Baselines.Reducing;

/// <summary>
/// The base of the optimizers with reductions composed from TensorPrimitives calls, as a user writes them without the
/// spec language: one call per operation (a norm with <c>TensorPrimitives.Norm</c>, a mean with <c>Sum</c>), each a
/// pass over memory, with scratch arrays as long as the tensor for the intermediate values. A reduction is over the
/// span it is given, so a step is applied to the whole tensor only.
/// </summary>
public abstract class ReducingTensorPrimitives : BaselineKernel
{
    private readonly float[][] _scratch;

    /// <summary>Reads nothing yet; allocates <paramref name="scratchArrays"/> scratch arrays.</summary>
    /// <param name="workload">The arrays to update.</param>
    /// <param name="scratchArrays">How many intermediate arrays the composition needs.</param>
    protected ReducingTensorPrimitives(Workload workload, int scratchArrays) : base(workload) =>
        _scratch = Enumerable.Range(0, scratchArrays).Select(_ => new float[workload.Length]).ToArray();

    /// <summary>The step count of the step being taken.</summary>
    protected long T { get; private set; }

    /// <inheritdoc/>
    public override void Prepare(long t) => T = t;

    /// <inheritdoc/>
    /// <exception cref="NotSupportedException">The range is not the whole tensor: a norm of a slice is not the
    /// tensor's.</exception>
    public override void Apply(int start, int length)
    {
        if (start != 0 || length != Workload.Length)
            throw new NotSupportedException($"{GetType().Name} steps the whole tensor only: its reductions are over it.");
        Step(Parameters(0, length), Gradients(0, length));
    }

    /// <summary>One step over the whole tensor.</summary>
    /// <param name="p">The parameters.</param>
    /// <param name="g">The gradients.</param>
    protected abstract void Step(Span<float> p, ReadOnlySpan<float> g);

    /// <summary>Scratch array <paramref name="index"/>, as long as the tensor.</summary>
    /// <param name="index">Which scratch array.</param>
    protected Span<float> Scratch(int index) => _scratch[index];

    /// <summary>State buffer <paramref name="name"/>, the whole tensor's.</summary>
    /// <param name="name">The buffer's declared name.</param>
    protected Span<float> State(string name) => State(StateIndex(name), 0, Workload.Length);

    /// <summary>1 - <paramref name="beta"/>^t, in double, as the generated prologue computes it.</summary>
    /// <param name="beta">The decay.</param>
    protected double BiasCorrection(double beta) => 1 - Math.Pow(beta, T);

    /// <summary>
    /// Adam's moments, m &lt;- beta1 m + <paramref name="firstWeight"/> g and v &lt;- beta2 v + (1 - beta2) g², and
    /// the denominator sqrt(v) / sqrt(1 - beta2^t) + eps into <paramref name="denominator"/>.
    /// </summary>
    /// <param name="g">The gradient the moments take.</param>
    /// <param name="m">The first moment, updated.</param>
    /// <param name="v">The second moment, updated.</param>
    /// <param name="firstWeight">The gradient's weight in the first moment (1 - beta1 or 1).</param>
    /// <param name="denominator">Receives the denominator; not <paramref name="g"/>.</param>
    protected void AdamMoments(ReadOnlySpan<float> g, Span<float> m, Span<float> v, float firstWeight,
        Span<float> denominator)
    {
        double beta2 = Hyperparameter("beta2");
        Multiply(m, FloatHyperparameter("beta1"), m);
        MultiplyAdd(g, firstWeight, m, m);
        Multiply(v, (float)beta2, v);
        Multiply(g, g, denominator);
        MultiplyAdd(denominator, (float)(1 - beta2), v, v);
        Sqrt(v, denominator);
        Divide(denominator, (float)Math.Sqrt(BiasCorrection(beta2)), denominator);
        Add(denominator, FloatHyperparameter("eps"), denominator);
    }

    /// <summary>The trust ratio's fallback: <paramref name="ratio"/> where both norms are positive, else 1.</summary>
    /// <param name="weightNorm">||p||.</param>
    /// <param name="updateNorm">The other norm.</param>
    /// <param name="ratio">The ratio computed from them.</param>
    protected static double Trust(double weightNorm, double updateNorm, double ratio) =>
        weightNorm > 0 && updateNorm > 0 ? ratio : 1;
}
