using System.Numerics;
using SimdOpt.Kernels;

namespace SimdOpt.Training;

/// <summary>
/// An average attached to an optimizer (<see cref="Optimizer{T}.Attach"/>) and where it lies in the optimizer's step
/// runs: the average follows the optimizer's tensors <see cref="FirstTensor"/> to <see cref="FirstTensor"/> +
/// <see cref="AveragedParameters{T}.TensorCount"/> - 1, so in each step run it covers one stretch of elements, which
/// lies end to end in the average as well. A work item of the step is averaged where it meets that stretch, right
/// after it is stepped.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class AttachedAverage<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    // What the average covers of one run: elements [Start, End) of the run, whose average begins at AverageOffset.
    private readonly record struct Cover(int Start, int End, int AverageOffset);

    private StepRun<T>[]? _mappedRuns;
    private Cover[] _covers = [];

    public AttachedAverage(AveragedParameters<T> average, int firstTensor)
    {
        Average = average;
        FirstTensor = firstTensor;
    }

    /// <summary>The average.</summary>
    public AveragedParameters<T> Average { get; }

    /// <summary>The index, among the optimizer's tensors, of the average's tensor 0.</summary>
    public int FirstTensor { get; }

    /// <summary>Finds what the average covers of each run, unless <paramref name="runs"/> are those it was mapped onto
    /// last (the runs change only when a group is added).</summary>
    /// <param name="runs">The optimizer's step runs.</param>
    /// <param name="tensors">The optimizer's tensors, which the runs cut in order.</param>
    public void MapOnto(StepRun<T>[] runs, IReadOnlyList<RegisteredTensor<T>> tensors)
    {
        if (ReferenceEquals(runs, _mappedRuns)) return;
        int first = FirstTensor, end = FirstTensor + Average.TensorCount;
        var covers = new Cover[runs.Length];
        for (int r = 0, runFirst = 0; r < runs.Length; runFirst += runs[r].TensorCount, r++)
        {
            int from = Math.Max(runFirst, first), to = Math.Min(runFirst + runs[r].TensorCount, end);
            if (from >= to) continue;
            int start = 0;
            for (int k = runFirst; k < from; k++) start += tensors[k].Length;
            int stop = start;
            for (int k = from; k < to; k++) stop += tensors[k].Length;
            covers[r] = new Cover(start, stop, Average.OffsetOf(from - first));
        }
        _covers = covers;
        _mappedRuns = runs;
    }

    /// <summary>Averages the part of a stepped work item that the average covers.</summary>
    /// <param name="item">The work item.</param>
    /// <param name="p">Its parameters, just stepped.</param>
    /// <param name="path">The code path.</param>
    public void Apply(WorkItem item, ReadOnlySpan<T> p, KernelPath path)
    {
        Cover cover = _covers[item.Source];
        int from = Math.Max(item.Start, cover.Start), to = Math.Min(item.Start + item.Length, cover.End);
        if (from < to)
            Average.ApplyUpdate(cover.AverageOffset + (from - cover.Start), p.Slice(from - item.Start, to - from),
                path);
    }
}
