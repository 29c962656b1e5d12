using SimdOpt.Kernels;

namespace SimdOpt.Training;

// The step protocol, the same for every optimizer: refused in eval mode; each group prepares its step; every check and
// reduction pass runs before the first write, so a refused step writes nothing; the work items are stepped in batches
// over the threads; each group commits. Optimizer<T> and LowPrecisionOptimizer supply the work items, the step of one
// item, and what they check, reduce and finish around the writes.
public abstract partial class Optimizer
{
    /// <summary>The cut of the tensors into the work items of a step.</summary>
    private protected abstract WorkPartition StepPartition { get; }

    /// <summary>The step of <see cref="Step(double)"/>, under the caller's exclusive call.</summary>
    private protected void StepUnderCall(double gradientScale)
    {
        RefuseStepInEvalMode();
        var groups = Groups;
        for (int k = 0; k < groups.Count; k++) groups[k].Steps.Prepare(gradientScale);
        BeforeStepWrites();
        var partition = StepPartition;
        // One batch (every model up to a chunk's worth of elements) runs on this thread: called directly, not through
        // ForEachBatch's delegate.
        if (partition.BatchCount == 1) StepBatch(0);
        else
            partition.ForEachBatch(MaxDegreeOfParallelism, this,
                static (optimizer, batch) => optimizer.StepBatch(batch));
        AfterStepWrites();
        for (int k = 0; k < groups.Count; k++) groups[k].Steps.Commit();
    }

    /// <summary>Everything between the prepared steps and the first write: the checks and reduction passes whose
    /// failure refuses the step.</summary>
    private protected abstract void BeforeStepWrites();

    /// <summary>Steps work item <paramref name="item"/> of <see cref="StepPartition"/> on <paramref name="path"/>, on
    /// any thread; or, when <paramref name="enter"/> is given, switches the item into that mode instead.</summary>
    private protected abstract void StepItem(WorkItem item, KernelPath path, OptimizerMode? enter);

    /// <summary>What ends a step once every item is written, before the groups commit it.</summary>
    private protected virtual void AfterStepWrites() { }

    /// <summary>Throws in <see cref="OptimizerMode.Eval"/>, before anything is read or written.</summary>
    /// <exception cref="InvalidOperationException">The optimizer is in eval mode.</exception>
    private protected void RefuseStepInEvalMode()
    {
        if (Mode == OptimizerMode.Eval) throw Kernels.Internal.Guard.StepInEvalMode(Info.Name);
    }

    /// <summary>Switches every work item into <paramref name="mode"/>: the step's cut, so a switch spreads over the
    /// same threads, under the caller's exclusive call.</summary>
    private protected void EnterModeUnderCall(OptimizerMode mode) =>
        StepPartition.ForEachBatch(MaxDegreeOfParallelism, (optimizer: this, mode),
            static (arguments, batch) => arguments.optimizer.StepBatch(batch, arguments.mode));

    private void StepBatch(int batch, OptimizerMode? enter = null)
    {
        var partition = StepPartition;
        var (start, end) = partition.Batch(batch);
        WorkItem[] items = partition.Items;
        KernelPath path = KernelPath;
        for (int i = start; i < end; i++) StepItem(items[i], path, enter);
    }
}
