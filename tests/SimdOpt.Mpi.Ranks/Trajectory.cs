using System.Numerics;
using SimdOpt.Optimizers;
using SimdOpt.Training;

namespace SimdOpt.Mpi.Ranks;

/// <summary>
/// One training trajectory, stepped two ways: sharded over the ranks of a communicator, and by one process with
/// <see cref="Optimizer{T}"/> over the whole buffer (the reference). The tensors span several chunks, one tensor is
/// shorter than a vector, so shards start inside tensors and between them; every other step clips, and the gradients
/// carry a loss scale that each step unscales: a fixed one (<see cref="ShardedStepOptions.InverseScale"/>), or a
/// <see cref="GradScaler"/>'s that grows every two clean steps and backs off after the skipped one
/// (<see cref="DynamicScaler"/>). The reference is the core's fused step, <see cref="GradScaler.Step(Optimizer,
/// double)"/>: with a loss scale that is not a power of two, it differs in the last bits from unscaling and clipping
/// the gradients in place first.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public static class Trajectory<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The tensor lengths: 9 chunks of 32 Ki elements or fewer.</summary>
    public static readonly int[] TensorLengths = [70_000, 5, 40_000, 100, 33_000];

    /// <summary>The loss scale the gradients carry (not a power of two, so unscaling rounds).</summary>
    public const double LossScale = 1000;

    /// <summary>The optimizer both ways step.</summary>
    public static AdamW Hyperparameters() => new(lr: 1e-2, weightDecay: 0.01);

    /// <summary>The elements of the whole buffer.</summary>
    public static int ElementCount => TensorLengths.Sum();

    /// <summary>The options of step <paramref name="step"/> (from 1): clipping on even steps, at a norm the
    /// gradients exceed; the fixed loss scale's inverse, or <paramref name="scaler"/>.</summary>
    /// <param name="step">The step, from 1.</param>
    /// <param name="reduction">Where the gradients come from.</param>
    /// <param name="scaler">The dynamic loss scaler, or null for the fixed <see cref="LossScale"/>.</param>
    public static ShardedStepOptions Options(int step, GradientReduction reduction, GradScaler? scaler = null) => new()
    {
        Reduction = reduction,
        InverseScale = scaler is null ? (float)(1.0 / LossScale) : 1,
        MaxNorm = step % 2 == 0 ? MaxNorm : null,
        Scaler = scaler,
    };

    /// <summary>The dynamic loss scaler of the trajectory: from <see cref="LossScale"/>, doubled after two clean steps,
    /// halved after a skipped one.</summary>
    public static GradScaler DynamicScaler() => new(initScale: LossScale, growthInterval: 2);

    // The scaler that multiplies every step's gradients by the fixed LossScale; made anew after a skipped step.
    private static GradScaler FixedScaler() => new(initScale: LossScale, growthInterval: 1_000_000);

    /// <summary>The clipping norm of even steps, far below the unscaled gradients' norm (about 200).</summary>
    public const double MaxNorm = 5;

    /// <summary>The starting parameters.</summary>
    public static T[] InitialParameters()
    {
        var p = new T[ElementCount];
        for (int i = 0; i < p.Length; i++) p[i] = Value(0, -1, i);
        return p;
    }

    /// <summary>The gradients of step <paramref name="step"/> on rank <paramref name="rank"/> (-1: the gradients
    /// every rank shares), scaled by <paramref name="lossScale"/>; a NaN at element 77 777 when <paramref name="nan"/>
    /// is set.</summary>
    public static void Gradients(Span<T> g, int step, int rank, bool nan = false, double lossScale = LossScale)
    {
        for (int i = 0; i < g.Length; i++) g[i] = Value(step, rank, i) * T.CreateTruncating(lossScale);
        if (nan) g[77_777] = T.NaN;
    }

    /// <summary>Whether step <paramref name="step"/>'s gradients hold a NaN (so the step is skipped).</summary>
    public static bool HasNaN(int step) => step == 3;

    /// <summary>Steps the sharded optimizer of one rank <paramref name="steps"/> times.</summary>
    /// <param name="optimizer">This rank's optimizer.</param>
    /// <param name="parameters">The whole buffer, updated in place.</param>
    /// <param name="first">The first step's number (after a resumed checkpoint, one more than its steps).</param>
    /// <param name="steps">The number of steps.</param>
    /// <param name="reduction">Where the gradients come from.</param>
    /// <param name="scaler">This rank's dynamic loss scaler (<see cref="DynamicScaler"/>), updated after every step;
    /// null for the fixed <see cref="LossScale"/>.</param>
    public static void StepSharded(ShardedOptimizer<T> optimizer, Span<T> parameters, int first, int steps,
        GradientReduction reduction, GradScaler? scaler = null)
    {
        var g = new T[ElementCount];
        int rank = optimizer.Communicator.Rank;
        for (int step = first; step < first + steps; step++)
        {
            Gradients(g, step, reduction == GradientReduction.Mean ? rank : -1, HasNaN(step),
                scaler?.Scale ?? LossScale);
            var result = optimizer.Step(parameters, g, Options(step, reduction, scaler));
            if (result.Stepped == HasNaN(step))
                throw new InvalidOperationException($"Step {step} was {(result.Stepped ? "" : "not ")}taken.");
            scaler?.Update();
        }
    }

    /// <summary>The one-process reference: <paramref name="steps"/> steps of <see cref="Optimizer{T}"/> over the
    /// whole buffer, each the core's fused <see cref="GradScaler.Step(Optimizer, double)"/> (clipping on even steps)
    /// and <see cref="GradScaler.Update"/>.</summary>
    /// <param name="steps">The number of steps.</param>
    /// <param name="ranks">For <see cref="GradientReduction.Mean"/>: the ranks whose gradients are averaged, in rank
    /// order; 0 for the shared gradients.</param>
    /// <param name="dynamicScale">Whether the loss scale is <see cref="DynamicScaler"/>'s, or the fixed
    /// <see cref="LossScale"/>.</param>
    /// <returns>The parameters and every state buffer, each over the whole buffer.</returns>
    public static (T[] Parameters, T[][] State) OneProcess(int steps, int ranks, bool dynamicScale = false)
    {
        var buffer = new ParameterBuffer<T>(TensorLengths);
        InitialParameters().CopyTo(buffer.Values);
        var optimizer = new Optimizer<T>(Hyperparameters(), buffer.Parameters);
        var scaler = dynamicScale ? DynamicScaler() : FixedScaler();
        var rankGradients = new T[ElementCount];
        for (int step = 1; step <= steps; step++)
        {
            var g = buffer.Gradients.Span;
            double lossScale = scaler.Scale;
            if (ranks == 0) Gradients(g, step, -1, HasNaN(step), lossScale);
            else
            {
                Gradients(g, step, 0, HasNaN(step), lossScale);
                for (int r = 1; r < ranks; r++)
                {
                    Gradients(rankGradients, step, r, HasNaN(step), lossScale);
                    for (int i = 0; i < g.Length; i++) g[i] += rankGradients[i];
                }
                for (int i = 0; i < g.Length; i++) g[i] /= T.CreateTruncating(ranks);
            }
            double maxNorm = Options(step, GradientReduction.None).MaxNorm ?? double.PositiveInfinity;
            if (scaler.Step(optimizer, maxNorm).Stepped == HasNaN(step))
                throw new InvalidOperationException($"The reference's step {step} went the other way.");
            scaler.Update();
            if (HasNaN(step) && !dynamicScale) scaler = FixedScaler();
        }
        var states = optimizer.Info.States;
        var state = new T[states.Count][];
        for (int k = 0; k < states.Count; k++)
        {
            state[k] = new T[ElementCount];
            for (int t = 0, at = 0; t < TensorLengths.Length; at += TensorLengths[t], t++)
                optimizer.GetState(0, t, states[k].Name).CopyTo(state[k].AsSpan(at));
        }
        return (buffer.Values.ToArray(), state);
    }

    /// <summary>Where this rank's parameters or state first differ from the reference, or null when every bit is
    /// the same.</summary>
    public static string? Compare(ShardedOptimizer<T> optimizer, ReadOnlySpan<T> parameters,
        (T[] Parameters, T[][] State) reference)
    {
        if (FirstDifference(parameters, reference.Parameters) is int i)
            return $"parameter {i}: {parameters[i]} against {reference.Parameters[i]}";
        var shard = optimizer.Shard;
        var states = optimizer.Hyperparameters.Info.States;
        for (int k = 0; k < states.Count; k++)
        {
            var expected = reference.State[k].AsSpan(shard.Start, shard.Length);
            if (FirstDifference(optimizer.Buffer(states[k].Name), expected) is int j)
                return $"{states[k].Name}[{shard.Start + j}]: {optimizer.Buffer(states[k].Name)[j]} against "
                    + $"{expected[j]}";
        }
        return null;
    }

    // Bit for bit: a NaN must be the same NaN (none is expected here).
    private static int? FirstDifference(ReadOnlySpan<T> actual, ReadOnlySpan<T> expected)
    {
        if (actual.Length != expected.Length) return 0;
        var a = System.Runtime.InteropServices.MemoryMarshal.AsBytes(actual);
        var e = System.Runtime.InteropServices.MemoryMarshal.AsBytes(expected);
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        for (int i = 0; i < actual.Length; i++)
            if (!a.Slice(i * size, size).SequenceEqual(e.Slice(i * size, size))) return i;
        return null;
    }

    // A value in [-1, 1) from (step, rank, index): a hash, so every rank and the reference draw the same numbers.
    private static T Value(int step, int rank, int index)
    {
        ulong x = (ulong)(uint)index * 0x9E3779B97F4A7C15UL ^ (ulong)(uint)step << 40 ^ (ulong)(uint)(rank + 1) << 52;
        x ^= x >> 33;
        x *= 0xFF51AFD7ED558CCDUL;
        x ^= x >> 33;
        return T.CreateTruncating((x >> 11) * (1.0 / (1UL << 52)) - 1.0);
    }
}
