using SimdOpt.Kernels;

namespace SimdOpt.Training;

// The train/eval switch over every tensor: the same cut into work items as a step, so it spreads over the same threads
// and gives the same bits however it is cut (the switch is elementwise).
public sealed partial class Optimizer<T>
{
    private protected override void EnterMode(OptimizerMode mode)
    {
        using var call = BeginExclusiveCall();
        if (mode == Mode) return;
        if (Info.HasModes)
        {
            // Resolved before any tensor moves, so an undefined path refuses the switch with nothing written.
            KernelPaths.Resolve(KernelPath);
            EnterModeUnderCall(mode);
        }
        Mode = mode;
    }
}
