using SimdOpt.Benchmarks.Kernels;
using SimdOpt.Benchmarks.Suite;
using SimdOpt.Kernels;

namespace SimdOpt.Benchmarks.Validation;

/// <summary>
/// Holds the bytes-per-element model (<see cref="MemoryTraffic"/>) to what a step really touches: every state buffer
/// the model counts must change during two steps, and every buffer it leaves out must keep its initial value.
/// </summary>
public static class TrafficModelCheck
{
    /// <summary>Throws unless the counted buffers of <paramref name="optimizer"/>'s configuration are exactly the ones
    /// a step writes.</summary>
    /// <param name="optimizer">The optimizer and its configuration.</param>
    /// <exception cref="ValidationException">A counted buffer stays as it was, or an uncounted one changes.</exception>
    public static void Check(OptimizerCase optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var definition = optimizer.Create();
        var workload = new Workload(definition, 1031);
        var initial = Enumerable.Range(0, workload.StateCount).Select(k => workload.State(k).ToArray()).ToArray();
        var runner = new StepRunner(new GeneratedKernel(workload, KernelPath.Scalar), 1);
        runner.StepSingleThread();
        workload.RedrawGradients(new Random(1));
        runner.StepSingleThread();
        for (int k = 0; k < workload.StateCount; k++)
        {
            bool counted = definition.IsStateActive(k);
            bool changed = !workload.State(k).SequenceEqual(initial[k]);
            if (counted != changed)
                throw new ValidationException($"'{optimizer.Name}' ({optimizer.Settings}): state buffer '{definition.Info.States[k].Name}' is "
                    + (counted ? "counted in the bytes per element but never written." : "left out of the bytes per element but written."));
        }
    }
}
