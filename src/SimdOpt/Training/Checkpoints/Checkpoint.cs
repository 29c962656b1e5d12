using System.Globalization;

namespace SimdOpt.Training;

/// <summary>
/// Saves and loads the whole state of an optimizer — every group's hyperparameters, flags, step count and per-step
/// scalar state, every state buffer — with, when given, the position of its scheduler and the state of its loss
/// scaler, and optionally the parameters themselves. Loading and going on gives exactly the trajectory of never
/// having stopped.
/// </summary>
/// <remarks>
/// The format is binary and little-endian: the magic bytes <c>SIMDOPT\0</c>, the format version
/// (<see cref="FormatVersion"/>), the sections, and the CRC-32 of all of them. A checkpoint that is truncated, corrupt,
/// of another version, or made for another optimizer, element type, group or tensor layout, scheduler or scaler is
/// refused with an
/// <see cref="InvalidDataException"/> saying what is wrong, and nothing is changed: the checkpoint is read into
/// scratch storage and checked whole before anything is committed. Checked whole means the structure, the CRC, the end
/// (nothing may follow the CRC) and every value by the rules the API holds values to: hyperparameters and initial
/// values inside their declared ranges, step counts from 0 to one below <see cref="long.MaxValue"/>, finite per-step
/// state, scheduler epochs from 0 (-1 inside a composition) up to the last a schedule can reach, with base and last
/// values in the hyperparameter's range, <see cref="ReduceLROnPlateau"/> counters a step could leave, a loss scale and
/// growth tracker the scaler could hold. The elements of the state buffers and parameters are not checked: NaN
/// gradients can make them NaN in a real run.
/// </remarks>
public static partial class Checkpoint
{
    /// <summary>The version of the format this library writes and reads.</summary>
    public const int FormatVersion = 3;

    private static ReadOnlySpan<byte> Magic => "SIMDOPT\0"u8;

    /// <summary>Writes a checkpoint to <paramref name="destination"/>.</summary>
    /// <param name="destination">A writable stream; the checkpoint is written from its current position.</param>
    /// <param name="optimizer">The optimizer to save.</param>
    /// <param name="scheduler">The optimizer's scheduler (its position is saved), or null.</param>
    /// <param name="scaler">The loss scaler (its scale and growth tracker are saved), or null.</param>
    /// <param name="includeParameters">Whether to save the parameter values too, so that loading restores them.</param>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> or <paramref name="optimizer"/> is
    /// null.</exception>
    /// <exception cref="ArgumentException">The stream cannot be written, or the scheduler belongs to another
    /// optimizer.</exception>
    public static void Save(Stream destination, Optimizer optimizer, LRScheduler? scheduler = null,
        GradScaler? scaler = null, bool includeParameters = false)
    {
        ArgumentNullException.ThrowIfNull(destination);
        CheckArguments(optimizer, scheduler);
        if (!destination.CanWrite) throw new ArgumentException("The stream cannot be written.", nameof(destination));
        var writer = new CheckpointWriter(destination);
        writer.WriteBytes(Magic);
        writer.WriteInt32(FormatVersion);
        optimizer.WriteCheckpoint(writer, includeParameters);
        writer.WriteBoolean(scheduler is not null);
        scheduler?.WriteCheckpoint(writer);
        writer.WriteBoolean(scaler is not null);
        scaler?.WriteCheckpoint(writer);
        writer.WriteChecksum();
    }

    /// <summary>
    /// Reads a checkpoint from <paramref name="source"/> into the optimizer (and the scheduler and scaler, which must
    /// be given exactly when the checkpoint holds their state), all or nothing.
    /// </summary>
    /// <param name="source">A readable stream positioned at the checkpoint, which is the rest of the stream.</param>
    /// <param name="optimizer">The optimizer to restore: the same optimizer, element type, groups and tensor lengths as
    /// the one saved.</param>
    /// <param name="scheduler">The scheduler to restore, of the same kind and composition as the one saved, or null
    /// when none was saved.</param>
    /// <param name="scaler">The loss scaler to restore, or null when none was saved.</param>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="optimizer"/> is
    /// null.</exception>
    /// <exception cref="ArgumentException">The stream cannot be read, or the scheduler belongs to another
    /// optimizer.</exception>
    /// <exception cref="InvalidDataException">The checkpoint is truncated, corrupt (in its bytes or its values),
    /// followed by more bytes, of another version, or does not match; nothing changes.</exception>
    public static void Load(Stream source, Optimizer optimizer, LRScheduler? scheduler = null,
        GradScaler? scaler = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        CheckArguments(optimizer, scheduler);
        if (!source.CanRead) throw new ArgumentException("The stream cannot be read.", nameof(source));
        var reader = new CheckpointReader(source);
        ReadHeader(reader);

        Action commitOptimizer = optimizer.ReadCheckpoint(reader);
        Action? commitScheduler = ReadSection(reader, "scheduler", scheduler, s => s.ReadCheckpoint(reader));
        Action? commitScaler = ReadSection(reader, "loss scaler", scaler, s => s.ReadCheckpoint(reader));
        reader.VerifyChecksum();
        reader.VerifyEnd();

        commitOptimizer();
        commitScheduler?.Invoke();
        commitScaler?.Invoke();
    }

    /// <summary>
    /// Writes a checkpoint to a file atomically: to a temporary file beside it, flushed to disk, then moved over
    /// <paramref name="path"/>. A crash leaves either the old file or the new one, never half of one; the temporary
    /// files a crash leaves beside the target are deleted by the next save to the same target (not those of a save
    /// still in progress, which holds its file locked).
    /// </summary>
    /// <param name="path">The file to write.</param>
    /// <param name="optimizer">The optimizer to save.</param>
    /// <param name="scheduler">The optimizer's scheduler, or null.</param>
    /// <param name="scaler">The loss scaler, or null.</param>
    /// <param name="includeParameters">Whether to save the parameter values too.</param>
    /// <exception cref="ArgumentNullException">An argument that must be given is null.</exception>
    /// <exception cref="ArgumentException">The path is empty, or the scheduler belongs to another
    /// optimizer.</exception>
    /// <exception cref="IOException">The file cannot be written, including for lack of permission (the inner exception
    /// is then the <see cref="UnauthorizedAccessException"/>); a previous file at <paramref name="path"/> is left as it
    /// was.</exception>
    public static void SaveFile(string path, Optimizer optimizer, LRScheduler? scheduler = null,
        GradScaler? scaler = null, bool includeParameters = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        CheckArguments(optimizer, scheduler);
        SaveAtomically(path, file => Save(file, optimizer, scheduler, scaler, includeParameters));
    }

    /// <summary>Writes a file as <see cref="SaveFile"/> does — a temporary beside it, flushed, moved over it — with
    /// <paramref name="save"/> writing the content (also for <see cref="AveragedParameters{T}"/>).</summary>
    internal static void SaveAtomically(string path, Action<Stream> save)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!, prefix = TemporaryPrefix(full);
        string temporary = Path.Combine(folder, prefix + Guid.NewGuid().ToString("N") + TemporarySuffix);
        try
        {
            DeleteStaleTemporaries(folder, prefix);
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None,
                bufferSize: 1 << 20))
            {
                save(file);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e)
        {
            DeleteQuietly(temporary);
            if (e is UnauthorizedAccessException)
                throw new IOException($"The checkpoint '{full}' cannot be written: {e.Message}", e);
            throw;
        }
    }

    /// <summary>Reads a checkpoint file, all or nothing; see <see cref="Load"/>.</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="optimizer">The optimizer to restore.</param>
    /// <param name="scheduler">The scheduler to restore, or null when none was saved.</param>
    /// <param name="scaler">The loss scaler to restore, or null when none was saved.</param>
    /// <exception cref="ArgumentNullException">An argument that must be given is null.</exception>
    /// <exception cref="ArgumentException">The path is empty, or the scheduler belongs to another
    /// optimizer.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="IOException">The path is a folder, or the file cannot be read, including for lack of permission
    /// (the inner exception is then the <see cref="UnauthorizedAccessException"/>).</exception>
    /// <exception cref="InvalidDataException">The checkpoint is truncated, corrupt, of another version, or does not
    /// match; nothing changes.</exception>
    public static void LoadFile(string path, Optimizer optimizer, LRScheduler? scheduler = null,
        GradScaler? scaler = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using FileStream file = OpenForLoad(path);
        Load(file, optimizer, scheduler, scaler);
    }

    /// <summary>Opens a checkpoint file to read, with <see cref="LoadFile"/>'s refusals (also for
    /// <see cref="AveragedParameters{T}"/>).</summary>
    internal static FileStream OpenForLoad(string path)
    {
        if (Directory.Exists(path))
            throw new IOException($"'{Path.GetFullPath(path)}' is a folder, not a checkpoint file.");
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 20);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IOException($"The checkpoint '{Path.GetFullPath(path)}' cannot be read: {e.Message}", e);
        }
    }

    // The magic bytes and the format version, which every reader checks first.
    private static void ReadHeader(CheckpointReader reader) => reader.ReadHeader(Magic, FormatVersion, "checkpoint");

    private const string TemporarySuffix = ".tmp";

    // The temporary files of one target: ".model.ckpt.<32 hex digits>.tmp" beside "model.ckpt".
    private static string TemporaryPrefix(string target) => "." + Path.GetFileName(target) + ".";

    // A temporary that can be locked is not being written (a save holds its temporary locked until it closes it), so
    // it was left by a save that crashed. Cleaning up must never fail a save: what cannot be deleted stays.
    private static void DeleteStaleTemporaries(string folder, string prefix)
    {
        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateFiles(folder, "*" + TemporarySuffix).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
        foreach (string candidate in candidates)
        {
            string name = Path.GetFileName(candidate);
            if (!name.StartsWith(prefix, StringComparison.Ordinal)
                || name.Length != prefix.Length + 32 + TemporarySuffix.Length
                || name.AsSpan(prefix.Length, 32).ContainsAnyExcept(HexDigits)) continue;
            try
            {
                using (new FileStream(candidate, FileMode.Open, FileAccess.ReadWrite, FileShare.None)) { }
                File.Delete(candidate);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private static readonly System.Buffers.SearchValues<char> HexDigits =
        System.Buffers.SearchValues.Create("0123456789abcdef");

    // Cleaning up after a failed save must not hide why it failed; a temporary file that cannot be deleted stays.
    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static void CheckArguments(Optimizer optimizer, LRScheduler? scheduler)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        if (scheduler is not null && scheduler.Optimizer != optimizer)
            throw new ArgumentException("The scheduler belongs to another optimizer.", nameof(scheduler));
    }

    // A section the checkpoint holds exactly when the caller passes its owner.
    private static Action? ReadSection<TOwner>(CheckpointReader reader, string what, TOwner? owner,
        Func<TOwner, Action> read)
        where TOwner : class
    {
        bool saved = reader.ReadBoolean();
        if (saved && owner is null)
            throw new InvalidDataException(
                $"The checkpoint holds the state of a {what}; pass the {what} to restore it.");
        if (!saved && owner is not null)
            throw new InvalidDataException($"The checkpoint holds no {what} state, but a {what} was given to restore.");
        return owner is null ? null : read(owner);
    }
}
