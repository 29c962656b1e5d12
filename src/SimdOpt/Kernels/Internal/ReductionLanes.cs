using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels.Internal;

/// <summary>
/// The sixteen double accumulators of one reduction over one chunk (<see cref="DeterministicReduction"/>): element
/// <c>j</c> of a chunk always goes to lane <c>j % 16</c>, whatever vector width computed it.
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
[InlineArray(DeterministicReduction.Lanes)]
public struct ReductionLanes
{
    private double _lane;
}
