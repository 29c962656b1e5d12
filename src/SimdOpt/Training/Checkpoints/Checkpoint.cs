using System.Globalization;

namespace SimdOpt.Training;

/// <summary>
/// Saves and loads the whole state of an optimizer — every group's hyperparameters, flags, step count and per-step
/// scalar state, every state buffer — with, when given, the position of its scheduler and the state of its loss
/// scaler, and optionally the parameters themselves. Loading and going on gives exactly the trajectory of never
/// having stopped.
/// </summary>
/// <remarks>
/// The format is binary and little-endian: the magic bytes <c>SIMDOPT\0</c>, the format version (<see cref="FormatVersion"/>),
/// the sections, and the CRC-32 of all of them. A checkpoint that is truncated, corrupt, of another version, or made
/// for another optimizer, element type, group or tensor layout, scheduler or scaler is refused with an
/// <see cref="InvalidDataException"/> saying what is wrong, and nothing is changed: the checkpoint is read into
/// scratch storage and checked whole before anything is committed.
/// </remarks>
public static class Checkpoint
{
    /// <summary>The version of the format this library writes and reads.</summary>
    public const int FormatVersion = 2;

    private static ReadOnlySpan<byte> Magic => "SIMDOPT\0"u8;

    /// <summary>Writes a checkpoint to <paramref name="destination"/>.</summary>
    /// <param name="destination">A writable stream; the checkpoint is written from its current position.</param>
    /// <param name="optimizer">The optimizer to save.</param>
    /// <param name="scheduler">The optimizer's scheduler (its position is saved), or null.</param>
    /// <param name="scaler">The loss scaler (its scale and growth tracker are saved), or null.</param>
    /// <param name="includeParameters">Whether to save the parameter values too, so that loading restores them.</param>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> or <paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentException">The stream cannot be written, or the scheduler belongs to another optimizer.</exception>
    public static void Save(Stream destination, Optimizer optimizer, LRScheduler? scheduler = null, GradScaler? scaler = null, bool includeParameters = false)
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
    /// Reads a checkpoint from <paramref name="source"/> into the optimizer (and the scheduler and scaler, which must be
    /// given exactly when the checkpoint holds their state), all or nothing.
    /// </summary>
    /// <param name="source">A readable stream positioned at the checkpoint.</param>
    /// <param name="optimizer">The optimizer to restore: the same optimizer, element type, groups and tensor lengths as the one saved.</param>
    /// <param name="scheduler">The scheduler to restore, of the same kind and composition as the one saved, or null when none was saved.</param>
    /// <param name="scaler">The loss scaler to restore, or null when none was saved.</param>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentException">The stream cannot be read, or the scheduler belongs to another optimizer.</exception>
    /// <exception cref="InvalidDataException">The checkpoint is truncated, corrupt, of another version, or does not match; nothing changes.</exception>
    public static void Load(Stream source, Optimizer optimizer, LRScheduler? scheduler = null, GradScaler? scaler = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        CheckArguments(optimizer, scheduler);
        if (!source.CanRead) throw new ArgumentException("The stream cannot be read.", nameof(source));
        var reader = new CheckpointReader(source);
        Span<byte> magic = stackalloc byte[8];
        reader.ReadBytes(magic);
        if (!magic.SequenceEqual(Magic))
            throw new InvalidDataException("This is not a SimdOpt checkpoint: it does not start with the bytes \"SIMDOPT\\0\".");
        int version = reader.ReadInt32();
        if (version != FormatVersion)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"The checkpoint has format version {version}; this library reads version {FormatVersion}."));

        Action commitOptimizer = optimizer.ReadCheckpoint(reader);
        Action? commitScheduler = ReadSection(reader, "scheduler", scheduler, s => s.ReadCheckpoint(reader));
        Action? commitScaler = ReadSection(reader, "loss scaler", scaler, s => s.ReadCheckpoint(reader));
        reader.VerifyChecksum();

        commitOptimizer();
        commitScheduler?.Invoke();
        commitScaler?.Invoke();
    }

    /// <summary>
    /// Writes a checkpoint to a file atomically: to a temporary file beside it, flushed to disk, then moved over
    /// <paramref name="path"/>. A crash leaves either the old file or the new one, never half of one.
    /// </summary>
    /// <param name="path">The file to write.</param>
    /// <param name="optimizer">The optimizer to save.</param>
    /// <param name="scheduler">The optimizer's scheduler, or null.</param>
    /// <param name="scaler">The loss scaler, or null.</param>
    /// <param name="includeParameters">Whether to save the parameter values too.</param>
    /// <exception cref="ArgumentNullException">An argument that must be given is null.</exception>
    /// <exception cref="ArgumentException">The path is empty, or the scheduler belongs to another optimizer.</exception>
    /// <exception cref="IOException">The file cannot be written; a previous file at <paramref name="path"/> is left as it was.</exception>
    public static void SaveFile(string path, Optimizer optimizer, LRScheduler? scheduler = null, GradScaler? scaler = null, bool includeParameters = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        CheckArguments(optimizer, scheduler);
        string full = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 20))
            {
                Save(file, optimizer, scheduler, scaler, includeParameters);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            DeleteQuietly(temporary);
            throw;
        }
    }

    /// <summary>Reads a checkpoint file, all or nothing; see <see cref="Load"/>.</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="optimizer">The optimizer to restore.</param>
    /// <param name="scheduler">The scheduler to restore, or null when none was saved.</param>
    /// <param name="scaler">The loss scaler to restore, or null when none was saved.</param>
    /// <exception cref="ArgumentNullException">An argument that must be given is null.</exception>
    /// <exception cref="ArgumentException">The path is empty, or the scheduler belongs to another optimizer.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">The checkpoint is truncated, corrupt, of another version, or does not match; nothing changes.</exception>
    public static void LoadFile(string path, Optimizer optimizer, LRScheduler? scheduler = null, GradScaler? scaler = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 20);
        Load(file, optimizer, scheduler, scaler);
    }

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
    private static Action? ReadSection<TOwner>(CheckpointReader reader, string what, TOwner? owner, Func<TOwner, Action> read) where TOwner : class
    {
        bool saved = reader.ReadBoolean();
        if (saved && owner is null)
            throw new InvalidDataException($"The checkpoint holds the state of a {what}; pass the {what} to restore it.");
        if (!saved && owner is not null)
            throw new InvalidDataException($"The checkpoint holds no {what} state, but a {what} was given to restore.");
        return owner is null ? null : read(owner);
    }
}
