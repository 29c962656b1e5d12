using SimdOpt.Kernels;

namespace SimdOpt.Benchmarks.Suite;

/// <summary>
/// The bytes one optimizer step moves per element, from the optimizer's state layout: the parameter is read and
/// written, the gradient read, and every state buffer that exists under the current flags read and written.
/// </summary>
public static class MemoryTraffic
{
    /// <summary>(2 + 1 + 2 * active state buffers) * <paramref name="elementSize"/>.</summary>
    /// <param name="optimizer">The configured optimizer.</param>
    /// <param name="elementSize">The size of one element: 4 for float.</param>
    public static int BytesPerElement(OptimizerHyperparameters optimizer, int elementSize = sizeof(float))
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        int activeStates = Enumerable.Range(0, optimizer.Info.States.Count).Count(optimizer.IsStateActive);
        return (2 + 1 + 2 * activeStates) * elementSize;
    }
}
