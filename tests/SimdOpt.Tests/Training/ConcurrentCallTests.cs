using System.Buffers;
using System.Runtime.InteropServices;
using SimdOpt.Optimizers;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training;

/// <summary>
/// An optimizer takes one call at a time: a step, clipping or scaling call while another runs on another thread throws
/// <see cref="InvalidOperationException"/> and changes nothing, instead of corrupting the state. The overlap is made
/// certain, not left to timing: the first step stops inside the kernel's read of the parameters until the second call
/// has been refused.
/// </summary>
public sealed class ConcurrentCallTests
{
    [Fact]
    public async Task A_call_while_a_step_runs_on_another_thread_is_refused_and_the_step_completes()
    {
        var values = new GatedMemory([1, 2, 3]);
        float[] g = [0.5f, -1, 2];
        var optimizer = new Optimizer<float>(new Sgd(lr: 0.5), [new(values.Memory, g)]) { MaxDegreeOfParallelism = 1 };

        values.Armed = true;
        // A thread of its own, not the pool's: with the suite's tests in parallel on two cores the pool can be busy
        // for longer than the wait below (seen once under DOTNET_EnableAVX2=0 in a clean-clone CI run).
        var first = Task.Factory.StartNew(optimizer.Step, CancellationToken.None, TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        Assert.True(values.Entered.Wait(TimeSpan.FromSeconds(30)), "The first step never reached the parameters.");
        const string message =
            "The optimizer is already busy on another thread (a step, a gradient pass or adding a group); it takes one call at a time.";
        Assert.Equal(message, Assert.Throws<InvalidOperationException>(optimizer.Step).Message);
        Assert.Equal(message, Assert.Throws<InvalidOperationException>(() => GradientClipping.ClipGradNorm(optimizer, 1)).Message);
        Assert.Equal(message, Assert.Throws<InvalidOperationException>(() => GradientClipping.ClipGradValue(optimizer, 1)).Message);
        Assert.Equal(message, Assert.Throws<InvalidOperationException>(() => optimizer.AddGroup([new(new float[2], new float[2])])).Message);
        Assert.Single(optimizer.Groups);
        Assert.Equal([0.5f, -1, 2], g);
        values.Release.Set();
        await first.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, optimizer.Groups[0].StepCount);
        Assert.Equal([0.75f, 2.5f, 2], values.Array);
        // The guard is released when the call ends: the next step runs.
        values.Armed = false;
        optimizer.Step();
        Assert.Equal(2, optimizer.Groups[0].StepCount);
        Assert.Equal([0.5f, 3, 1], values.Array);
    }

    [Fact]
    public void A_call_while_the_owning_threads_step_runs_is_refused_and_the_step_completes()
    {
        // The thread that makes an optimizer's first call (here: its construction) owns the guard and marks its calls
        // without a locked instruction; a call from another thread must still see the owner's step and be refused.
        var values = new GatedMemory([1, 2, 3]);
        float[] g = [0.5f, -1, 2];
        Optimizer<float>? optimizer = null;
        var owner = new Thread(() =>
        {
            optimizer = new Optimizer<float>(new Sgd(lr: 0.5), [new(values.Memory, g)]) { MaxDegreeOfParallelism = 1 };
            values.Armed = true;
            optimizer.Step();
        });
        owner.Start();
        Assert.True(values.Entered.Wait(TimeSpan.FromSeconds(30)), "The owner's step never reached the parameters.");
        Assert.Throws<InvalidOperationException>(optimizer!.Step);
        Assert.Throws<InvalidOperationException>(() => GradientClipping.ClipGradNorm(optimizer, 1));
        Assert.Throws<InvalidOperationException>(() => optimizer.AddGroup([new(new float[2], new float[2])]));
        Assert.Single(optimizer.Groups);
        values.Release.Set();
        Assert.True(owner.Join(TimeSpan.FromSeconds(30)), "The owner's step never completed.");

        Assert.Equal(1, optimizer.Groups[0].StepCount);
        Assert.Equal([0.75f, 2.5f, 2], values.Array);
        // Both threads step again afterwards, one call at a time.
        values.Armed = false;
        optimizer.Step();
        var again = new Thread(() => optimizer.Step());
        again.Start();
        Assert.True(again.Join(TimeSpan.FromSeconds(30)));
        Assert.Equal(3, optimizer.Groups[0].StepCount);
    }

    [Fact]
    public void A_reentrant_call_on_the_owning_thread_is_refused_and_the_step_completes()
    {
        var values = new GatedMemory([1, 2, 3]);
        float[] g = [0.5f, -1, 2];
        var optimizer = new Optimizer<float>(new Sgd(lr: 0.5), [new(values.Memory, g)]) { MaxDegreeOfParallelism = 1 };
        Exception? reentrant = null;
        values.OnGetSpan = () =>
        {
            values.OnGetSpan = null;
            reentrant = Record.Exception(optimizer.Step);
        };

        optimizer.Step();

        Assert.IsType<InvalidOperationException>(reentrant);
        Assert.Equal(1, optimizer.Groups[0].StepCount);
        Assert.Equal([0.75f, 2.5f, 2], values.Array);
    }

    [Fact]
    public void A_refused_step_releases_the_guard()
    {
        float[] p = [1], g = [1];
        var sgd = new Sgd(lr: 0.5, momentum: 0.9, dampening: 0.5) { Nesterov = true };
        var optimizer = new Optimizer<float>(sgd, [new(p, g)]);
        Assert.Throws<ArgumentException>(optimizer.Step);
        optimizer.Groups[0].Hyperparameters.SetHyperparameter("dampening", 0);
        optimizer.Step();
        Assert.Equal(1, optimizer.Groups[0].StepCount);
    }

    /// <summary>Array memory whose span, once armed, is handed out only after the test releases it.</summary>
    private sealed class GatedMemory(float[] values) : MemoryManager<float>
    {
        public float[] Array { get; } = values;

        public volatile bool Armed;

        /// <summary>Called (on the stepping thread) when the span is asked for.</summary>
        public Action? OnGetSpan;

        public ManualResetEventSlim Entered { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public override Span<float> GetSpan()
        {
            OnGetSpan?.Invoke();
            if (Armed)
            {
                Entered.Set();
                Release.Wait(TimeSpan.FromSeconds(30));
            }
            return Array;
        }

        public override unsafe MemoryHandle Pin(int elementIndex = 0)
        {
            var handle = GCHandle.Alloc(Array, GCHandleType.Pinned);
            return new MemoryHandle((float*)handle.AddrOfPinnedObject() + elementIndex, handle);
        }

        public override void Unpin() { }

        protected override void Dispose(bool disposing) { }
    }
}
