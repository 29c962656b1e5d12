using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using SimdOpt.Kernels;

namespace SimdOpt.Mpi;

// Sharded checkpoints: one file per rank (its shard's parameters and state buffers) and a manifest. Loading re-shards:
// each rank of the new group reads, from the old rank files, the pieces that overlap its new shard, so a checkpoint of
// 2 ranks resumes on 3. Both calls are collective and all-or-nothing on every rank: each rank checks what it read, the
// ranks agree on the outcome, and only then does any rank change anything.
public sealed partial class ShardedOptimizer<T>
{
    /// <summary>The manifest's file name inside a checkpoint directory.</summary>
    public const string ManifestFileName = "manifest.json";

    // A rank file: magic, version, element size, state buffer count, shard start, shard length; the shard's
    // parameters, then each state buffer's elements (little-endian); the CRC-32 of everything before it.
    private static ReadOnlySpan<byte> Magic => "SIMDOPTS"u8;

    private const int HeaderLength = 8 + 5 * sizeof(int);

    /// <summary>
    /// Saves a checkpoint into <paramref name="directory"/>, a collective call: each rank writes its file, rank 0 the
    /// manifest (each file written aside and then renamed into place). On a cluster the directory must be one that
    /// every rank can reach (a shared file system).
    /// </summary>
    /// <param name="directory">The checkpoint's directory; created when missing.</param>
    /// <param name="parameters">The whole flat parameter buffer (each rank saves its shard of it).</param>
    /// <exception cref="ArgumentException">The buffer has the wrong length.</exception>
    /// <exception cref="IOException">A rank could not write its file (thrown on every rank).</exception>
    public void Save(string directory, ReadOnlySpan<T> parameters)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        CheckBuffer(parameters.Length, nameof(parameters));
        Exception? failure = null;
        uint crc = 0;
        try
        {
            Directory.CreateDirectory(directory);
            crc = WriteRankFile(Path.Combine(directory, RankFileName(Shard.Rank, Layout.RankCount)),
                parameters.Slice(Shard.Start, Shard.Length));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            failure = e;
        }
        var crcs = Agree(failure, crc, "save", loading: false);
        if (Shard.Rank == 0) failure = Catch(() => WriteManifest(directory, crcs));
        Agree(failure, 0, "write the manifest of", loading: false);
    }

    /// <summary>
    /// Loads a checkpoint that <see cref="Save"/> wrote with any number of ranks, a collective call: the step count,
    /// per-step state, hyperparameters and flags, this rank's shard of every state buffer, and the parameters, which
    /// every rank receives whole.
    /// </summary>
    /// <param name="directory">The checkpoint's directory.</param>
    /// <param name="parameters">The whole flat parameter buffer; overwritten with the saved parameters.</param>
    /// <exception cref="ArgumentException">The buffer has the wrong length.</exception>
    /// <exception cref="InvalidDataException">The manifest or a rank file is missing, unreadable, corrupt, or made for
    /// another optimizer, element type or tensor layout (thrown on every rank); nothing changes on any
    /// rank.</exception>
    public void Load(string directory, Span<T> parameters)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        CheckBuffer(parameters.Length, nameof(parameters));
        var loadedParameters = new T[Shard.Length];
        var loadedState = new T[_state.Length];
        ShardCheckpointManifest? manifest = null;
        OptimizerHyperparameters? loadedHyperparameters = null;
        var failure = Catch(() =>
        {
            manifest = ReadManifest(directory);
            loadedHyperparameters = CheckManifest(manifest, Path.Combine(directory, ManifestFileName));
            ReadShard(directory, manifest, loadedParameters, loadedState);
        });
        Agree(failure, 0, "load", loading: true);

        // Every rank read and checked everything: now commit.
        foreach (var h in Hyperparameters.Info.Hyperparameters)
            Hyperparameters.SetHyperparameter(h.Name, loadedHyperparameters!.GetHyperparameter(h.Name));
        foreach (var f in Hyperparameters.Info.Flags)
            Hyperparameters.SetFlag(f.Name, loadedHyperparameters!.GetFlag(f.Name));
        _protocol.Restore(manifest!.StepCount, manifest.StepsBeforeState, manifest.StepState);
        loadedState.CopyTo(_state.AsSpan());
        var mine = parameters.Slice(Shard.Start, Shard.Length);
        loadedParameters.CopyTo(mine);
        _communicator.AllGather<T>(mine, parameters, _shardLengths);
    }

    private static string RankFileName(int rank, int ranks) =>
        string.Create(CultureInfo.InvariantCulture, $"rank-{rank}-of-{ranks}.bin");

    private uint WriteRankFile(string path, ReadOnlySpan<T> parameters)
    {
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        var bytes = new byte[HeaderLength + (long)(1 + _stateCount) * Shard.Length * size + sizeof(uint)];
        Magic.CopyTo(bytes);
        var header = bytes.AsSpan(Magic.Length);
        int[] fields = [ShardCheckpointManifest.CurrentVersion, size, _stateCount, Shard.Start, Shard.Length];
        for (int k = 0; k < fields.Length; k++)
            BinaryPrimitives.WriteInt32LittleEndian(header[(k * sizeof(int))..], fields[k]);
        var body = bytes.AsSpan(HeaderLength, bytes.Length - HeaderLength - sizeof(uint));
        MemoryMarshal.AsBytes(parameters).CopyTo(body);
        MemoryMarshal.AsBytes(_state.AsSpan()).CopyTo(body[(Shard.Length * size)..]);
        uint crc = Crc32.HashToUInt32(bytes.AsSpan(0, bytes.Length - sizeof(uint)));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - sizeof(uint)), crc);
        WriteAtomically(path, bytes);
        return crc;
    }

    private void WriteManifest(string directory, long[] crcs)
    {
        var info = Hyperparameters.Info;
        var manifest = new ShardCheckpointManifest
        {
            Format = ShardCheckpointManifest.FormatName,
            Version = ShardCheckpointManifest.CurrentVersion,
            Optimizer = info.Name,
            ElementType = typeof(T).Name,
            TensorLengths = [.. Layout.TensorLengths],
            StepCount = _protocol.StepCount,
            StepsBeforeState = _protocol.StepsBeforeState,
            StepState = _protocol.StepState.ToArray(),
            Hyperparameters = info.Hyperparameters.ToDictionary(h => h.Name,
                h => Hyperparameters.GetHyperparameter(h.Name)),
            Flags = info.Flags.ToDictionary(f => f.Name, f => Hyperparameters.GetFlag(f.Name)),
            Shards = [.. Layout.Shards.Select(s => new ShardCheckpointManifest.ShardEntry
            {
                Rank = s.Rank,
                Start = s.Start,
                Length = s.Length,
                File = RankFileName(s.Rank, Layout.RankCount),
                Crc32 = (uint)crcs[s.Rank],
            })],
        };
        WriteAtomically(Path.Combine(directory, ManifestFileName),
            System.Text.Encoding.UTF8.GetBytes(manifest.ToJson()));
    }

    private static void WriteAtomically(string path, byte[] bytes)
    {
        string temporary = path + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }

    private static ShardCheckpointManifest ReadManifest(string directory)
    {
        string path = Path.Combine(directory, ManifestFileName);
        if (!File.Exists(path)) throw new InvalidDataException($"There is no checkpoint manifest at {path}.");
        return ShardCheckpointManifest.Parse(File.ReadAllText(path), path);
    }

    // Checks everything the manifest says against this optimizer; returns its hyperparameters, checked on a copy.
    private OptimizerHyperparameters CheckManifest(ShardCheckpointManifest m, string path)
    {
        var info = Hyperparameters.Info;
        void Require(bool condition, string problem)
        {
            if (!condition) throw new InvalidDataException($"The manifest {path} {problem}.");
        }
        Require(m.Format == ShardCheckpointManifest.FormatName,
            $"is not a SimdOpt sharded checkpoint (format '{m.Format}')");
        Require(m.Version == ShardCheckpointManifest.CurrentVersion,
            $"has version {m.Version}; this library reads version {ShardCheckpointManifest.CurrentVersion}");
        Require(m.Optimizer == info.Name, $"was saved by optimizer '{m.Optimizer}', not '{info.Name}'");
        Require(m.ElementType == typeof(T).Name,
            $"holds {m.ElementType} elements, not {typeof(T).Name}");
        Require(m.TensorLengths is not null && m.TensorLengths.AsSpan().SequenceEqual(Layout.TensorLengths.ToArray()),
            $"was saved for tensors of lengths [{string.Join(", ", m.TensorLengths ?? [])}], not "
            + $"[{string.Join(", ", Layout.TensorLengths)}]");
        Require(m.StepCount is >= 0 and < long.MaxValue && m.StepsBeforeState >= 0
            && m.StepsBeforeState <= m.StepCount, $"has impossible step counts ({m.StepCount}, {m.StepsBeforeState})");
        Require(m.StepState is not null && m.StepState.Length == info.StepStates.Count
            && m.StepState.All(double.IsFinite), $"has no finite per-step state of {info.StepStates.Count} values");
        var loaded = Hyperparameters.Clone();
        foreach (var h in info.Hyperparameters)
        {
            Require(m.Hyperparameters?.ContainsKey(h.Name) == true, $"has no hyperparameter '{h.Name}'");
            try
            {
                loaded.SetHyperparameter(h.Name, m.Hyperparameters![h.Name]);
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new InvalidDataException($"The manifest {path} has an impossible '{h.Name}': {e.Message}", e);
            }
        }
        foreach (var f in info.Flags)
        {
            Require(m.Flags?.ContainsKey(f.Name) == true, $"has no flag '{f.Name}'");
            loaded.SetFlag(f.Name, m.Flags![f.Name]);
        }
        Require(m.Shards is { Length: > 0 }, "lists no shards");
        long next = 0;
        for (int r = 0; r < m.Shards!.Length; r++)
        {
            var s = m.Shards[r];
            Require(s is not null && s.Rank == r && s.Start == next && s.Length >= 0,
                $"lists shard {r} out of order, overlapping or with a gap "
                + "(shards must cover the buffer in rank order)");
            Require(s!.File is not null && s.File.Length > 0 && Path.GetFileName(s.File) == s.File,
                $"names shard {r}'s file '{s.File}', which is not a file name inside the checkpoint's directory");
            next += s.Length;
        }
        Require(next == Layout.ElementCount,
            $"has shards of {next} elements together, but the tensors hold {Layout.ElementCount}");
        return loaded;
    }

    // Copies, from every saved shard that overlaps this rank's shard, the overlap of its parameters and state.
    private void ReadShard(string directory, ShardCheckpointManifest manifest, Span<T> parameters, Span<T> state)
    {
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        int start = Shard.Start, end = Shard.Start + Shard.Length;
        foreach (var saved in manifest.Shards!)
        {
            int from = Math.Max(start, saved.Start), to = Math.Min(end, saved.Start + saved.Length);
            if (from >= to) continue;
            string path = Path.Combine(directory, saved.File!);
            if (!File.Exists(path)) throw new InvalidDataException($"The rank file {path} is missing.");
            byte[] bytes = File.ReadAllBytes(path);
            long expected = HeaderLength + (long)(1 + _stateCount) * saved.Length * size + sizeof(uint);
            if (bytes.Length != expected || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
                throw new InvalidDataException(
                    $"The rank file {path} is not the shard of {saved.Length} elements the manifest lists "
                    + $"({bytes.Length} bytes, {expected} expected).");
            uint crc = Crc32.HashToUInt32(bytes.AsSpan(0, bytes.Length - sizeof(uint)));
            if (crc != BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - sizeof(uint)))
                || crc != saved.Crc32)
                throw new InvalidDataException(
                    $"The rank file {path} is corrupt or from another checkpoint (its CRC-32 does not match).");
            var header = bytes.AsSpan(Magic.Length);
            int[] fields = [ShardCheckpointManifest.CurrentVersion, size, _stateCount, saved.Start, saved.Length];
            for (int k = 0; k < fields.Length; k++)
                if (BinaryPrimitives.ReadInt32LittleEndian(header[(k * sizeof(int))..]) != fields[k])
                    throw new InvalidDataException(
                        $"The rank file {path}'s header does not match its entry in the manifest.");
            var body = MemoryMarshal.Cast<byte, T>(bytes.AsSpan(HeaderLength, bytes.Length - HeaderLength - 4));
            body.Slice(from - saved.Start, to - from).CopyTo(parameters[(from - start)..]);
            for (int k = 0; k < _stateCount; k++)
                body.Slice((1 + k) * saved.Length + from - saved.Start, to - from)
                    .CopyTo(state[(k * Shard.Length + from - start)..]);
        }
    }

    private static Exception? Catch(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return e;
        }
    }

    // Every rank learns whether every rank succeeded (and each rank's value); all throw alike when one failed.
    private long[] Agree(Exception? failure, long value, string what, bool loading)
    {
        long[] mine = [failure is null ? 0 : 1, value];
        var all = new long[2 * _communicator.Size];
        var counts = new int[_communicator.Size];
        counts.AsSpan().Fill(2);
        _communicator.AllGather<long>(mine, all, counts);
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        for (int r = 0; r < _communicator.Size; r++)
            if (all[2 * r] != 0)
            {
                string message = string.Create(CultureInfo.InvariantCulture,
                    $"Rank {r} could not {what} the checkpoint (its own exception says why).");
                throw loading ? new InvalidDataException(message + " Nothing changed.") : new IOException(message);
            }
        var values = new long[_communicator.Size];
        for (int r = 0; r < values.Length; r++) values[r] = all[2 * r + 1];
        return values;
    }
}
