using System.Numerics;
using SimdOpt.Kernels;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training;

/// <summary>
/// A reference for optimizers with step-wide reductions (LAMB's global gradient norm), written from the rule itself
/// on one thread with the public step protocol: every tensor has its own protocol and state; each pass reduces every
/// tensor chunk by chunk, adds each tensor's chunk partials to its totals and, in tensor order, then chunk order, to
/// one step-wide total, whose slots then replace every tensor's own; then every tensor is checked and stepped whole.
/// The per-tensor <see cref="OptimizerState{T}"/> is this reference without step-wide reductions.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class StepWideReference<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly StepProtocol<T>[] _steps;
    private readonly T[][] _states;
    private readonly int[] _lengths;

    /// <summary>One protocol and zeroed state per tensor, tensor t with <paramref name="hyperparameters"/>[t] and
    /// <paramref name="lengths"/>[t] elements.</summary>
    public StepWideReference(OptimizerHyperparameters[] hyperparameters, int[] lengths)
    {
        _steps = hyperparameters.Select(h => new StepProtocol<T>(h)).ToArray();
        _states = lengths.Select(n => new T[n * hyperparameters[0].Info.States.Count]).ToArray();
        _lengths = lengths;
    }

    /// <summary>State buffer <paramref name="buffer"/> of tensor <paramref name="tensor"/>.</summary>
    public Span<T> Buffer(int tensor, int buffer) => Spans(tensor)[buffer];

    /// <summary>The step state of tensor <paramref name="tensor"/>'s protocol.</summary>
    public ReadOnlySpan<double> StepState(int tensor) => _steps[tensor].StepState;

    private StateSpans<T> Spans(int tensor) =>
        new(_states[tensor], _steps[tensor].Hyperparameters.Info.States.Count, _lengths[tensor]);

    /// <summary>One step of every tensor.</summary>
    public void Step(T[][] values, T[][] gradients)
    {
        foreach (var steps in _steps) steps.Prepare();
        int count = _steps[0].ReductionCount;
        var totals = values.Select(_ => new double[count]).ToArray();
        var stepWide = new double[count];
        var partials = new double[count];
        for (int pass = 1; pass <= _steps[0].ReductionPasses; pass++)
        {
            if (!_steps.Any(s => s.NeedsPass(pass))) continue;
            for (int t = 0; t < values.Length; t++)
                for (int start = 0; start < values[t].Length; start += WorkPartition.ChunkLength)
                {
                    int length = Math.Min(WorkPartition.ChunkLength, values[t].Length - start);
                    Array.Clear(partials);
                    _steps[t].Reduce(pass, values[t].AsSpan(start, length), gradients[t].AsSpan(start, length),
                        Spans(t).Slice(start, length), values[t].Length, totals[t], partials);
                    _steps[t].Combine(pass, partials, totals[t]);
                    _steps[t].Combine(pass, partials, stepWide);
                }
            for (int t = 0; t < values.Length; t++)
                for (int k = 0; k < count; k++)
                    if ((_steps[t].StepWideReductions & (1u << k)) != 0) totals[t][k] = stepWide[k];
        }
        for (int t = 0; t < values.Length; t++) _steps[t].Check(values[t].Length, totals[t]);
        for (int t = 0; t < values.Length; t++)
        {
            _steps[t].Apply(values[t], gradients[t], Spans(t), values[t].Length, totals[t]);
            _steps[t].Commit();
        }
    }
}
