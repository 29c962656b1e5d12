using System.Numerics;
using SimdOpt.Kernels;

namespace SimdOpt.Cli.Learning;

/// <summary>
/// What the surfaces give an optimizer that reads inputs besides the gradient: every input is the square of the step's
/// gradient. A surface has no labels to sample, so for Sophia's <c>hessian_estimate</c> this is the one estimate of its
/// kind there is (the digits get Sophia-G's own, <see cref="SampledLabelHessian"/>).
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
internal sealed class SquaredGradientInputs<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[]? _square;
    private readonly ReadOnlyMemory<T>[] _inputs;

    /// <summary>Inputs for <paramref name="info"/>'s step over <paramref name="length"/> elements (none when it reads
    /// only the gradient).</summary>
    public SquaredGradientInputs(OptimizerInfo info, int length)
    {
        _square = info.Inputs.Count == 0 ? null : new T[length];
        _inputs = _square is null ? [] : Enumerable.Repeat((ReadOnlyMemory<T>)_square, info.Inputs.Count).ToArray();
    }

    /// <summary>The inputs of a step with gradient <paramref name="g"/>.</summary>
    public InputSpans<T> For(ReadOnlySpan<T> g)
    {
        if (_square is not null)
            for (int i = 0; i < g.Length; i++) _square[i] = g[i] * g[i];
        return new InputSpans<T>(_inputs);
    }
}
