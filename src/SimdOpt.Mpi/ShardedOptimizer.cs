using System.Globalization;
using System.IO.Hashing;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using SimdOpt.Kernels;
using SimdOpt.Training;

namespace SimdOpt.Mpi;

/// <summary>
/// An optimizer whose state is sharded over ranks (ZeRO stage 1): the flat parameter buffer of a model (tensors end to
/// end) is cut into one shard per rank on whole-chunk boundaries (<see cref="ShardLayout"/>); each rank holds the
/// state buffers of its shard only, steps its shard, and the ranks then all-gather the updated parameters, so every
/// rank ends each step with the whole buffer. Parameters, state and the gradient norm have the same bits as one
/// process stepping the whole buffer with <see cref="Optimizer{T}"/> through the core's fused unscale, clip and step
/// (<see cref="GradScaler.Step(Optimizer, double)"/>, <see cref="GradientClipping.ClipGradNormAndStep"/>,
/// <see cref="Optimizer.Step(double)"/>), for every rank count.
/// </summary>
/// <remarks>
/// Every rank constructs the optimizer and calls every method in the same order, with the same tensor lengths and
/// options (each call is collective; the constructor checks that the ranks agree). The optimizer must be elementwise:
/// one whose step reduces over a tensor, or reads inputs besides the gradient, needs the whole tensor on one rank and
/// is refused. A call refused on one rank only (say, its own buffer of the wrong length) throws there and leaves the
/// other ranks waiting in the collective, as in any MPI program: mpirun then ends the job when that rank exits.
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed partial class ShardedOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IRankCommunicator _communicator;
    private readonly StepProtocol<T> _protocol;
    private readonly int _stateCount;
    private readonly T[] _state;
    private readonly int[] _shardLengths;
    private readonly int[] _partialCounts;
    private readonly double[] _partials;
    private readonly double[] _allPartials;
    private readonly double[] _chunkSums;
    private T[]? _mean;
    private T[]? _received;
    private KernelPath _kernelPath = KernelPath.Auto;

    /// <summary>Creates this rank's part of a sharded optimizer; a collective call.</summary>
    /// <param name="hyperparameters">The hyperparameters and flags every step reads (not copied: a change applies from
    /// the next step on, and must be made on every rank).</param>
    /// <param name="tensorLengths">The length of every tensor of the flat buffer, in buffer order.</param>
    /// <param name="communicator">The ranks.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A length is negative.</exception>
    /// <exception cref="ArgumentException">The optimizer is not elementwise, or the ranks were given different
    /// optimizers, element types or tensor lengths (thrown on every rank).</exception>
    public ShardedOptimizer(OptimizerHyperparameters hyperparameters, IReadOnlyList<int> tensorLengths,
        IRankCommunicator communicator)
    {
        ArgumentNullException.ThrowIfNull(hyperparameters);
        ArgumentNullException.ThrowIfNull(communicator);
        var info = hyperparameters.Info;
        _protocol = new StepProtocol<T>(hyperparameters);
        if (info.Inputs.Count != 0 || _protocol.ReductionPasses != 0)
            throw new ArgumentException(
                $"'{info.Name}' is not elementwise (its step reads inputs or reduces over a tensor), so a tensor "
                + "cannot be stepped in shards.", nameof(hyperparameters));
        Layout = ShardLayout.Create(tensorLengths, communicator.Size);
        _communicator = communicator;
        CheckRanksAgree();
        Shard = Layout.Shards[communicator.Rank];
        _stateCount = info.States.Count;
        _state = new T[(long)_stateCount * Shard.Length];
        _shardLengths = [.. Layout.Shards.Select(s => s.Length)];
        _partialCounts = [.. Layout.Shards.Select(s => 2 * s.ChunkCount)];
        _partials = new double[2 * Shard.ChunkCount];
        _allPartials = new double[2 * Layout.ChunkCount];
        _chunkSums = new double[Layout.ChunkCount];
    }

    /// <summary>The hyperparameters and flags every step reads.</summary>
    public OptimizerHyperparameters Hyperparameters => _protocol.Hyperparameters;

    /// <summary>How the buffer is cut among the ranks.</summary>
    public ShardLayout Layout { get; }

    /// <summary>This rank's shard.</summary>
    public Shard Shard { get; }

    /// <summary>The ranks.</summary>
    public IRankCommunicator Communicator => _communicator;

    /// <summary>The number of steps taken (skipped steps not counted); the same on every rank.</summary>
    public long StepCount => _protocol.StepCount;

    /// <summary>The kernel code path of every step; every path gives the same bits.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a <see cref="Kernels.KernelPath"/>; the setting
    /// keeps its value.</exception>
    public KernelPath KernelPath
    {
        get => _kernelPath;
        set
        {
            if (!Enum.IsDefined(value))
                throw new ArgumentOutOfRangeException(nameof(KernelPath), value, "Unknown kernel path.");
            _kernelPath = value;
        }
    }

    /// <summary>This rank's part of the state buffer named <paramref name="name"/>: the elements of
    /// <see cref="Shard"/>.</summary>
    /// <param name="name">The buffer's declared name (e.g. <c>exp_avg</c>).</param>
    /// <exception cref="ArgumentException">The optimizer declares no such buffer.</exception>
    public Span<T> Buffer(string name)
    {
        var states = Hyperparameters.Info.States;
        for (int k = 0; k < states.Count; k++)
            if (states[k].Name == name) return State[k];
        throw new ArgumentException(
            $"Optimizer '{Hyperparameters.Info.Name}' has no state buffer '{name}'. "
            + $"Known: {string.Join(", ", states.Select(s => s.Name))}.", nameof(name));
    }

    private StateSpans<T> State => new(_state, _stateCount, Shard.Length);

    /// <summary>
    /// Takes one step, a collective call: reduces the gradients as <paramref name="options"/> say, then runs the core's
    /// fused unscale, clip and step (<see cref="FusedStep.Run{TTarget}"/>, or <see cref="GradScaler"/>'s when
    /// <see cref="ShardedStepOptions.Scaler"/> is set) on this rank's shard: one read-only pass finds every chunk's
    /// sum of squares of the unscaled gradients, the ranks gather them and add them in chunk order (so every rank has
    /// the norm and the non-finite flag of one process), and the step either is skipped on every rank or multiplies
    /// every gradient by the clip coefficient over the loss scale as the generated kernel loads it. Then the
    /// parameters are all-gathered into <paramref name="parameters"/> on every rank. No pass writes the gradients, and
    /// <paramref name="gradients"/> is never written.
    /// </summary>
    /// <param name="parameters">The whole flat parameter buffer, the same on every rank; updated in place.</param>
    /// <param name="gradients">The whole flat gradient buffer of this rank.</param>
    /// <param name="options">What the step does besides the update; <see cref="ShardedStepOptions.Default"/> when
    /// null.</param>
    /// <returns>The norm, whether a gradient was non-finite, and whether the step was taken.</returns>
    /// <exception cref="ArgumentException">A buffer has the wrong length, an option is out of range or contradicts
    /// another, or a declared rule between hyperparameters fails; nothing changes.</exception>
    /// <exception cref="InvalidOperationException">The scaler already stepped this optimizer since its last
    /// <see cref="GradScaler.Update"/>; nothing changes.</exception>
    /// <exception cref="NotFiniteNumberException">Clipping without skipping, and the norm is infinite or NaN; nothing
    /// changes.</exception>
    public ShardedStepResult Step(Span<T> parameters, ReadOnlySpan<T> gradients, ShardedStepOptions? options = null)
    {
        options ??= ShardedStepOptions.Default;
        CheckBuffer(parameters.Length, nameof(parameters));
        CheckBuffer(gradients.Length, nameof(gradients));
        CheckOptions(options);

        ReadOnlySpan<T> g = options.Reduction == GradientReduction.Mean
            ? ReduceMean(gradients)
            : gradients.Slice(Shard.Start, Shard.Length);
        var target = new ShardStep(this, parameters, g);
        double maxNorm = options.MaxNorm ?? double.PositiveInfinity;
        if (options.Scaler is GradScaler scaler) return Result(scaler.Step(this, target, maxNorm));
        if (options.MaxNorm is null && !options.SkipIfNonFinite)
        {
            // Nothing asks for the norm: the step alone, as Optimizer<T>.Step(gradientScale).
            target.Step(options.InverseScale);
            return new ShardedStepResult(double.NaN, false, Stepped: true);
        }
        return Result(FusedStep.Run(target, options.InverseScale, maxNorm, options.SkipIfNonFinite));
    }

    private static ShardedStepResult Result(FusedStepResult fused) =>
        new(fused.TotalNorm, FoundNonFinite: !fused.Stepped, fused.Stepped);

    // This rank's shard as the fused rule's target: the check gathers every rank's chunk sums; the step writes this
    // rank's shard of the parameters and state, then gathers every rank's parameters.
    private readonly ref struct ShardStep(ShardedOptimizer<T> optimizer, Span<T> parameters, ReadOnlySpan<T> gradients)
        : IFusedStepTarget
    {
        private readonly Span<T> _parameters = parameters;
        private readonly ReadOnlySpan<T> _gradients = gradients;

        public double RoundToElement(double value) => double.CreateTruncating(T.CreateTruncating(value));

        public (double Norm, bool FoundNonFinite) CheckGradients(double factor) =>
            optimizer.GlobalCheck(_gradients, factor);

        public void Step(double gradientScale) => optimizer.StepShard(_parameters, _gradients, gradientScale);
    }

    // The reduce-scatter: every rank's gradients of this shard, then their sum in rank order, over the rank count.
    private Span<T> ReduceMean(ReadOnlySpan<T> gradients)
    {
        int length = Shard.Length, ranks = _communicator.Size;
        _received ??= new T[(long)length * ranks];
        Span<int> receiveCounts = stackalloc int[ranks];
        receiveCounts.Fill(length);
        _communicator.AllToAll(gradients, _shardLengths, _received, receiveCounts);
        var mean = _mean ??= new T[length];
        _received.AsSpan(0, length).CopyTo(mean);
        // Elementwise IEEE operations: every vector width gives each element the bits of the scalar operation.
        for (int r = 1; r < ranks; r++) TensorPrimitives.Add(mean, _received.AsSpan(r * length, length), mean);
        TensorPrimitives.Divide(mean, T.CreateTruncating(ranks), mean);
        return mean;
    }

    // The core's check of every chunk of this shard (GradientCheck.CheckChunk: the chunks are exactly Optimizer<T>'s
    // work items), gathered from every rank and added in chunk order from 0 (GradientCheck.Combine), as one process
    // adds its items'.
    private (double Norm, bool FoundNonFinite) GlobalCheck(ReadOnlySpan<T> g, double factor)
    {
        for (int c = 0; c < Shard.ChunkCount; c++)
        {
            var (start, length) = Layout.Chunk(Shard.FirstChunk + c);
            var (sum, nonFinite) = GradientCheck.CheckChunk(g.Slice(start - Shard.Start, length), factor, _kernelPath);
            _partials[2 * c] = sum;
            _partials[2 * c + 1] = nonFinite ? 1 : 0;
        }
        _communicator.AllGather<double>(_partials, _allPartials, _partialCounts);
        bool foundNonFinite = false;
        for (int c = 0; c < Layout.ChunkCount; c++)
        {
            _chunkSums[c] = _allPartials[2 * c];
            foundNonFinite |= _allPartials[2 * c + 1] != 0;
        }
        return (Math.Sqrt(GradientCheck.Combine(_chunkSums)), foundNonFinite);
    }

    // The generated kernel over this rank's shard, multiplying every gradient by gradientScale as it loads it; then
    // every rank's shard of the parameters into every rank's buffer.
    private void StepShard(Span<T> parameters, ReadOnlySpan<T> g, double gradientScale)
    {
        _protocol.Prepare(gradientScale);
        var mine = parameters.Slice(Shard.Start, Shard.Length);
        _protocol.Apply(mine, g, State, _kernelPath);
        _protocol.Commit();
        _communicator.AllGather<T>(mine, parameters, _shardLengths);
    }

    private void CheckBuffer(int length, string name)
    {
        if (length != Layout.ElementCount)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{name} has {length} elements, but the tensors hold {Layout.ElementCount}."), name);
    }

    private static void CheckOptions(ShardedStepOptions options)
    {
        if (!Enum.IsDefined(options.Reduction))
            throw new ArgumentOutOfRangeException(nameof(options), options.Reduction, "Unknown gradient reduction.");
        // In the element type, as the step multiplies by it: a double that is 0 or infinite as a T is refused too.
        double inverse = double.CreateTruncating(T.CreateTruncating(options.InverseScale));
        if (!(double.IsFinite(inverse) && inverse > 0))
            throw new ArgumentOutOfRangeException(nameof(options), options.InverseScale, string.Create(
                CultureInfo.InvariantCulture, $"The inverse scale must be finite and positive in {typeof(T).Name}, ")
                + $"but is {Format(options.InverseScale)}.");
        if (options.MaxNorm is double maxNorm && !(maxNorm >= 0))
            throw new ArgumentOutOfRangeException(nameof(options), maxNorm,
                $"The largest norm must be zero or positive, but is {Format(maxNorm)}.");
        if (options.Scaler is not null && (options.InverseScale != 1 || !options.SkipIfNonFinite))
            throw new ArgumentException(
                "A step driven by a GradScaler takes its inverse scale from the scaler and skips every step with a "
                + "non-finite gradient: leave InverseScale at 1 and SkipIfNonFinite on.", nameof(options));
    }

    // Every rank gathers every rank's description of the buffer; all of them see the same table, so all throw alike.
    private void CheckRanksAgree()
    {
        var hash = new Crc64();
        hash.Append(System.Text.Encoding.UTF8.GetBytes(Hyperparameters.Info.Name));
        hash.Append(MemoryMarshal.AsBytes(Layout.TensorLengths.ToArray().AsSpan()));
        long[] mine = [(long)hash.GetCurrentHashAsUInt64(), System.Runtime.CompilerServices.Unsafe.SizeOf<T>(),
            Layout.TensorLengths.Count, Layout.ElementCount];
        var all = new long[mine.Length * _communicator.Size];
        var counts = new int[_communicator.Size];
        counts.AsSpan().Fill(mine.Length);
        _communicator.AllGather<long>(mine, all, counts);
        for (int r = 1; r < _communicator.Size; r++)
            if (!all.AsSpan(r * mine.Length, mine.Length).SequenceEqual(all.AsSpan(0, mine.Length)))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Rank {r} was given another optimizer, element type or tensor layout than rank 0 "
                    + $"(rank 0: {all[2]} tensors, {all[3]} elements, {all[1]}-byte elements; rank {r}: "
                    + $"{all[r * mine.Length + 2]} tensors, {all[r * mine.Length + 3]} elements, "
                    + $"{all[r * mine.Length + 1]}-byte elements)."), "tensorLengths");
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
