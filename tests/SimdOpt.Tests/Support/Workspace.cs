using System.Numerics;
using SimdOpt.Kernels;

namespace SimdOpt.Tests.Support;

/// <summary>
/// Everything one optimizer reads and writes for one tensor: the parameters, one gradient per step, the state
/// buffers, the per-step scalar state, and one array per step of each input besides the gradient (Sophia's Hessian
/// estimate). Each array is larger than the tensor: the tensor is the slice of
/// <see cref="Length"/> elements from <see cref="Offset"/>, and the elements around it are guards a kernel must not
/// write.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
internal sealed class Workspace<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private Workspace(int offset, int length, int after, T[] parameters, T[][] gradients, T[] state, int stateCount,
        double[] stepState, T[][][] inputs)
    {
        Inputs = inputs;
        Offset = offset;
        Length = length;
        Stride = offset + length + after;
        Parameters = parameters;
        Gradients = gradients;
        State = state;
        StateCount = stateCount;
        StepState = stepState;
    }

    /// <summary>A workspace for <paramref name="info"/>, every array filled by <paramref name="fill"/> (guards
    /// included).</summary>
    /// <param name="info">The optimizer.</param>
    /// <param name="offset">Guard elements before the tensor in every array.</param>
    /// <param name="length">The tensor's length.</param>
    /// <param name="after">Guard elements after the tensor in every array.</param>
    /// <param name="steps">How many gradients to hold.</param>
    /// <param name="fill">Fills an array.</param>
    public static Workspace<T> Create(OptimizerInfo info, int offset, int length, int after, int steps, Action<Span<T>> fill)
    {
        int stride = offset + length + after;
        var parameters = new T[stride];
        fill(parameters);
        var gradients = new T[steps][];
        for (int s = 0; s < steps; s++)
        {
            gradients[s] = new T[stride];
            fill(gradients[s]);
        }
        var state = new T[info.States.Count * stride];
        fill(state);
        var inputs = new T[steps][][];
        for (int s = 0; s < steps; s++)
        {
            inputs[s] = new T[info.Inputs.Count][];
            for (int k = 0; k < info.Inputs.Count; k++)
            {
                inputs[s][k] = new T[stride];
                fill(inputs[s][k]);
            }
        }
        return new Workspace<T>(offset, length, after, parameters, gradients, state, info.States.Count,
            new double[info.StepStates.Count], inputs);
    }

    /// <summary>The first element of the tensor inside each array.</summary>
    public int Offset { get; }

    /// <summary>The tensor's length.</summary>
    public int Length { get; }

    /// <summary>The length of each array (of each buffer, for the state).</summary>
    public int Stride { get; }

    /// <summary>The parameter array, guards included.</summary>
    public T[] Parameters { get; }

    /// <summary>One gradient array per step, guards included.</summary>
    public T[][] Gradients { get; }

    /// <summary>Per step, one array per input besides the gradient, guards included.</summary>
    public T[][][] Inputs { get; }

    /// <summary>The tensor's inputs at step <paramref name="step"/> (0-based), in declaration order.</summary>
    /// <param name="step">The index of the step.</param>
    public InputSpans<T> X(int step) =>
        new InputSpans<T>(Inputs[step].Select(x => (ReadOnlyMemory<T>)x).ToArray()).Slice(Offset, Length);

    /// <summary>Every state buffer end to end, <see cref="Stride"/> elements each, guards included.</summary>
    public T[] State { get; }

    /// <summary>The number of state buffers.</summary>
    public int StateCount { get; }

    /// <summary>The per-step scalar state.</summary>
    public double[] StepState { get; }

    /// <summary>The tensor's parameters.</summary>
    public Span<T> P => Parameters.AsSpan(Offset, Length);

    /// <summary>The tensor's gradient at step <paramref name="step"/> (0-based).</summary>
    /// <param name="step">The index of the gradient.</param>
    public ReadOnlySpan<T> G(int step) => Gradients[step].AsSpan(Offset, Length);

    /// <summary>The tensor's state buffers.</summary>
    public StateSpans<T> Spans => new(State, StateCount, Stride, Offset, Length);

    /// <summary>The tensor's state buffer <paramref name="index"/>.</summary>
    /// <param name="index">The buffer's index in declaration order.</param>
    public Span<T> Buffer(int index) => Spans[index];

    /// <summary>A deep copy.</summary>
    public Workspace<T> Clone() =>
        new(Offset, Length, Stride - Offset - Length, (T[])Parameters.Clone(), Gradients.Select(g => (T[])g.Clone()).ToArray(),
            (T[])State.Clone(), StateCount, (double[])StepState.Clone(),
            Inputs.Select(step => step.Select(x => (T[])x.Clone()).ToArray()).ToArray());

    /// <summary>Fails, naming the first differing element, unless every array of both workspaces holds the same
    /// bits.</summary>
    /// <param name="expected">The expected workspace.</param>
    /// <param name="actual">The actual workspace.</param>
    /// <param name="label">What <paramref name="actual"/> is, for the message.</param>
    public static void AssertBitwiseEqual(Workspace<T> expected, Workspace<T> actual, string label) =>
        Compare(expected, actual, label, exact: true);

    /// <summary>
    /// Fails, naming the first differing element, unless both workspaces hold the same results by the rule between
    /// code paths (<see cref="Bits.SameResult{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, string)"/>: the same bits, or NaN
    /// in both). The gradients, which are read-only, must hold the same bits.
    /// </summary>
    /// <param name="expected">The expected workspace.</param>
    /// <param name="actual">The actual workspace.</param>
    /// <param name="label">What <paramref name="actual"/> is, for the message.</param>
    public static void AssertSameResults(Workspace<T> expected, Workspace<T> actual, string label) =>
        Compare(expected, actual, label, exact: false);

    private static void Compare(Workspace<T> expected, Workspace<T> actual, string label, bool exact)
    {
        Results<T>(expected.Parameters, actual.Parameters, label + ": p (array index)", exact);
        for (int s = 0; s < expected.Gradients.Length; s++)
            Bits.Equal<T>(expected.Gradients[s], actual.Gradients[s], label + ": g of step " + (s + 1) + " (array index)");
        CompareInputs(expected, actual, label + ": ");
        for (int k = 0; k < expected.StateCount; k++)
            Results<T>(expected.BufferArray(k), actual.BufferArray(k), label + ": state buffer " + k + " (array index)", exact);
        Results<double>(expected.StepState, actual.StepState, label + ": step state", exact);
    }

    private static void Results<TValue>(ReadOnlySpan<TValue> expected, ReadOnlySpan<TValue> actual, string what, bool exact)
        where TValue : unmanaged, IFloatingPointIeee754<TValue>
    {
        if (exact) Bits.Equal(expected, actual, what);
        else Bits.SameResult(expected, actual, what);
    }

    /// <summary>
    /// Fails unless <paramref name="after"/> differs from <paramref name="before"/> only inside the tensor's slice of
    /// the parameters and of the buffers in <paramref name="written"/>: gradients, guards and the other buffers keep
    /// their bits.
    /// </summary>
    /// <param name="before">The workspace before the steps.</param>
    /// <param name="after">The workspace after the steps.</param>
    /// <param name="written">Whether the kernel may write buffer k.</param>
    public static void AssertWritesOnlyInside(Workspace<T> before, Workspace<T> after, Func<int, bool> written)
    {
        AssertGuardsKept(before.Parameters, after.Parameters, before, "p");
        for (int s = 0; s < before.Gradients.Length; s++)
            Bits.Equal<T>(before.Gradients[s], after.Gradients[s], "g of step " + (s + 1) + ", which is read-only (array index)");
        CompareInputs(before, after, "");
        for (int k = 0; k < before.StateCount; k++)
        {
            if (written(k)) AssertGuardsKept(before.BufferArray(k), after.BufferArray(k), before, "state buffer " + k);
            else Bits.Equal<T>(before.BufferArray(k), after.BufferArray(k), "state buffer " + k + ", inactive under these flags (array index)");
        }
    }

    // Inputs are read-only, like g: every bit stays.
    private static void CompareInputs(Workspace<T> expected, Workspace<T> actual, string label)
    {
        for (int s = 0; s < expected.Inputs.Length; s++)
            for (int k = 0; k < expected.Inputs[s].Length; k++)
                Bits.Equal<T>(expected.Inputs[s][k], actual.Inputs[s][k],
                    label + "input " + k + " of step " + (s + 1) + ", which is read-only (array index)");
    }

    private static void AssertGuardsKept(ReadOnlySpan<T> before, ReadOnlySpan<T> after, Workspace<T> shape, string what)
    {
        Bits.Equal(before[..shape.Offset], after[..shape.Offset], what + ", guard before the tensor");
        int end = shape.Offset + shape.Length;
        Bits.Equal(before[end..], after[end..], what + ", guard after the tensor (index from its end)");
    }

    private ReadOnlySpan<T> BufferArray(int index) => State.AsSpan(index * Stride, Stride);
}
