using System.Runtime.CompilerServices;

namespace SimdOpt.Training;

// The average's own checkpoint, with the trust rules of the optimizer's (Checkpoint): written with the same writer,
// checksummed with CRC-32, read whole into scratch storage and checked before anything changes, a refusal naming
// what is wrong.
public sealed partial class AveragedParameters<T>
{
    /// <summary>The version of the average's checkpoint format this library writes and reads.</summary>
    public const int FormatVersion = 1;

    private static ReadOnlySpan<byte> Magic => "SIMDAVG\0"u8;

    /// <summary>
    /// Writes the average to <paramref name="destination"/>: the rule's name, hyperparameters and flags,
    /// <see cref="AveragedCount"/>, and every tensor's averaged values, after the magic bytes <c>SIMDAVG\0</c> and
    /// the format version, followed by the CRC-32 of all of it.
    /// </summary>
    /// <param name="destination">A writable stream; the checkpoint is written from its current position.</param>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
    /// <exception cref="ArgumentException">The stream cannot be written.</exception>
    /// <exception cref="InvalidOperationException">The average is swapped into the parameters.</exception>
    public void Save(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!destination.CanWrite) throw new ArgumentException("The stream cannot be written.", nameof(destination));
        RequireNotSwapped("save the average");
        var info = Rule.Info;
        var writer = new CheckpointWriter(destination);
        writer.WriteBytes(Magic);
        writer.WriteInt32(FormatVersion);
        writer.WriteByte((byte)Unsafe.SizeOf<T>());
        writer.WriteString(info.Name);
        writer.WriteNames(info.Hyperparameters.Select(h => h.Name));
        writer.WriteNames(info.Flags.Select(f => f.Name));
        writer.WriteDoubles(info.Hyperparameters.Select(h => Rule.GetHyperparameter(h.Name)).ToArray());
        foreach (var flag in info.Flags) writer.WriteBoolean(Rule.GetFlag(flag.Name));
        writer.WriteInt64(AveragedCount);
        writer.WriteInt32(TensorCount);
        for (int i = 0; i < TensorCount; i++)
        {
            writer.WriteInt32(_parameters[i].Length);
            writer.WriteElements<T>(Average(i));
        }
        writer.WriteChecksum();
    }

    /// <summary>
    /// Reads an average <see cref="Save"/> wrote, all or nothing: the rule's hyperparameters and flags,
    /// <see cref="AveragedCount"/> and the averaged values. The checkpoint must be of the same rule, element type and
    /// tensor lengths.
    /// </summary>
    /// <param name="source">A readable stream positioned at the checkpoint, which is the rest of the stream.</param>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentException">The stream cannot be read.</exception>
    /// <exception cref="InvalidOperationException">The average is swapped into the parameters.</exception>
    /// <exception cref="InvalidDataException">The checkpoint is truncated, corrupt (in its bytes or its values),
    /// followed by more bytes, of another version, or does not match; nothing changes.</exception>
    public void Load(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!source.CanRead) throw new ArgumentException("The stream cannot be read.", nameof(source));
        RequireNotSwapped("load the average");
        var info = Rule.Info;
        var reader = new CheckpointReader(source);
        reader.ReadHeader(Magic, FormatVersion, "average");
        int elementSize = reader.ReadByte();
        if (elementSize != Unsafe.SizeOf<T>())
            throw new InvalidDataException(Invariant(
                $"The average holds {elementSize}-byte elements, but this one holds {typeof(T).Name}."));
        string name = reader.ReadString();
        if (name != info.Name)
            throw new InvalidDataException(
                $"The average was saved with rule '{name}', but this one averages with '{info.Name}'.");
        ExpectNames(reader, "hyperparameters", info.Hyperparameters.Select(h => h.Name));
        ExpectNames(reader, "flags", info.Flags.Select(f => f.Name));
        var rule = Rule.Clone();
        double[] hyperparameters = reader.ReadDoubles(info.Hyperparameters.Count, "hyperparameters of the rule");
        try
        {
            // Set on a copy, which checks every value against its declared range as a live change would.
            for (int h = 0; h < hyperparameters.Length; h++)
                rule.SetHyperparameter(info.Hyperparameters[h].Name, hyperparameters[h]);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The average's rule holds an invalid hyperparameter: {e.Message}", e);
        }
        foreach (var flag in info.Flags) rule.SetFlag(flag.Name, reader.ReadBoolean());
        // A count an average can have: from 0 up to one that a next update can follow.
        long averaged = reader.ReadInt64();
        if (averaged < 0 || averaged == long.MaxValue)
            throw new InvalidDataException(Invariant($"The average is corrupt: it counts {averaged} updates."));
        int tensorCount = reader.ReadInt32();
        if (tensorCount != TensorCount)
            throw new InvalidDataException(Invariant(
                $"The average's checkpoint has {tensorCount} tensors, but this one has {TensorCount}."));
        var averages = new T[_averages.Length];
        for (int i = 0; i < tensorCount; i++)
        {
            int length = reader.ReadInt32();
            if (length != _parameters[i].Length)
                throw new InvalidDataException(Invariant(
                    $"Tensor {i} has {length} elements in the checkpoint, but {_parameters[i].Length} here."));
            reader.ReadElements<T>(averages.AsSpan(_offsets[i], length));
        }
        reader.VerifyChecksum();
        reader.VerifyEnd();

        // Everything was checked: nothing below can throw.
        foreach (var h in info.Hyperparameters) Rule.SetHyperparameter(h.Name, rule.GetHyperparameter(h.Name));
        foreach (var f in info.Flags) Rule.SetFlag(f.Name, rule.GetFlag(f.Name));
        _steps.Restore(averaged, 0, []);
        averages.CopyTo(_averages, 0);
    }

    /// <summary>Writes the average to a file atomically, as <see cref="Checkpoint.SaveFile"/> writes a checkpoint: a
    /// crash leaves the old file or the new one.</summary>
    /// <param name="path">The file to write.</param>
    /// <exception cref="ArgumentException">The path is null or empty.</exception>
    /// <exception cref="InvalidOperationException">The average is swapped into the parameters.</exception>
    /// <exception cref="IOException">The file cannot be written; a previous file is left as it was.</exception>
    public void SaveFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        RequireNotSwapped("save the average");
        Checkpoint.SaveAtomically(path, Save);
    }

    /// <summary>Reads an average file, all or nothing; see <see cref="Load"/>.</summary>
    /// <param name="path">The file to read.</param>
    /// <exception cref="ArgumentException">The path is null or empty.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="IOException">The path is a folder, or the file cannot be read.</exception>
    /// <exception cref="InvalidOperationException">The average is swapped into the parameters.</exception>
    /// <exception cref="InvalidDataException">The checkpoint is truncated, corrupt, of another version, or does not
    /// match; nothing changes.</exception>
    public void LoadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        RequireNotSwapped("load the average");
        using FileStream file = Checkpoint.OpenForLoad(path);
        Load(file);
    }

    private static void ExpectNames(CheckpointReader reader, string what, IEnumerable<string> expected)
    {
        string[] saved = reader.ReadNames(), here = [.. expected];
        if (!saved.SequenceEqual(here))
            throw new InvalidDataException(
                $"The average's rule declares {what} ({string.Join(", ", saved)}), "
                + $"but this one declares ({string.Join(", ", here)}).");
    }
}
