using SimdOpt.Kernels;
using SimdOpt.Precision;

namespace SimdOpt.Training;

/// <summary>
/// The storage a checkpoint records for each group (format version 3): every state buffer's storage and 8-bit code,
/// whether the group keeps master weights, rounds stochastically and with which seed, and each tensor's value storage.
/// <see cref="Optimizer{T}"/> records full precision for everything, so a checkpoint of either optimizer says what it
/// holds, and loading it into another storage is refused unless conversion is asked for.
/// </summary>
/// <param name="States">Each state buffer's storage, in declaration order.</param>
/// <param name="Codes">Each state buffer's 8-bit code.</param>
/// <param name="MasterWeights">Whether the group keeps float32 master weights.</param>
/// <param name="StochasticRounding">Whether the group rounds bfloat16 parameters stochastically.</param>
/// <param name="Seed">The seed of stochastic rounding.</param>
/// <param name="Values">Each tensor's value storage.</param>
internal sealed record StorageCheckpoint(StorageKind[] States, Quantized8Code[] Codes, bool MasterWeights,
    bool StochasticRounding, ulong Seed, StorageKind[] Values)
{
    /// <summary>Full precision everywhere: what <see cref="Optimizer{T}"/> holds.</summary>
    public static StorageCheckpoint Full(int stateCount, int tensorCount) =>
        new(new StorageKind[stateCount], new Quantized8Code[stateCount], false, false, 0, new StorageKind[tensorCount]);

    /// <summary>Writes the record.</summary>
    public void Write(CheckpointWriter writer)
    {
        for (int k = 0; k < States.Length; k++)
        {
            writer.WriteByte((byte)States[k]);
            writer.WriteByte((byte)Codes[k]);
        }
        writer.WriteBoolean(MasterWeights);
        writer.WriteBoolean(StochasticRounding);
        writer.WriteInt64((long)Seed);
        writer.WriteInt32(Values.Length);
        foreach (var kind in Values) writer.WriteByte((byte)kind);
    }

    /// <summary>Reads the record of group <paramref name="group"/> of an optimizer whose state buffers are
    /// <paramref name="stateNames"/>.</summary>
    /// <exception cref="InvalidDataException">A storage or code is unknown, or a tensor holds 8-bit values.</exception>
    public static StorageCheckpoint Read(CheckpointReader reader, IReadOnlyList<string> stateNames, int group)
    {
        int count = stateNames.Count;
        var states = new StorageKind[count];
        var codes = new Quantized8Code[count];
        for (int k = 0; k < count; k++)
        {
            states[k] = Known<StorageKind>(reader.ReadByte(), $"the storage of '{stateNames[k]}'", group);
            codes[k] = Known<Quantized8Code>(reader.ReadByte(), $"the 8-bit code of '{stateNames[k]}'", group);
        }
        bool master = reader.ReadBoolean(), stochastic = reader.ReadBoolean();
        ulong seed = (ulong)reader.ReadInt64();
        var values = new StorageKind[reader.ReadCount("tensors", Array.MaxLength)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Known<StorageKind>(reader.ReadByte(), $"the value storage of tensor {i}", group);
            if (values[i] == StorageKind.Quantized8)
                throw new InvalidDataException(GroupCheckpoint.Invariant(
                    $"The checkpoint is corrupt: tensor {i} of group {group} holds 8-bit values."));
        }
        return new StorageCheckpoint(states, codes, master, stochastic, seed, values);
    }

    /// <summary>Reads the record of <paramref name="live"/> and checks its tensor count.</summary>
    /// <exception cref="InvalidDataException">The record is corrupt, or the group has another number of
    /// tensors.</exception>
    public static StorageCheckpoint Read(CheckpointReader reader, OptimizerInfo info, ParameterGroup live)
    {
        var record = Read(reader, info.States.Select(s => s.Name).ToArray(), live.Index);
        if (record.Values.Length != live.TensorCount)
            throw new InvalidDataException(GroupCheckpoint.Invariant(
                $"Group {live.Index} of the checkpoint has {record.Values.Length} tensors, but group {live.Index} ")
                + GroupCheckpoint.Invariant($"here has {live.TensorCount}."));
        return record;
    }

    /// <summary>Refuses a record that stores anything in less than full precision, for an optimizer that holds
    /// everything in its element type.</summary>
    /// <exception cref="InvalidDataException">Something is stored otherwise.</exception>
    public void ExpectFull(IReadOnlyList<string> stateNames, int group)
    {
        for (int k = 0; k < States.Length; k++)
            if (States[k] != StorageKind.Float32)
                throw new InvalidDataException(GroupCheckpoint.Invariant(
                    $"Group {group} of the checkpoint stores state buffer '{stateNames[k]}' as {States[k]}, ")
                    + "but this optimizer holds every buffer in full precision: load it into a LowPrecisionOptimizer "
                    + "with that storage (or with ConvertsStorageOnLoad).");
        if (MasterWeights || Values.Any(kind => kind != StorageKind.Float32))
            throw new InvalidDataException(GroupCheckpoint.Invariant(
                $"Group {group} of the checkpoint holds low-precision parameters, but this optimizer's are full ")
                + "precision: load it into a LowPrecisionOptimizer.");
    }

    private static TEnum Known<TEnum>(byte value, string what, int group) where TEnum : struct, Enum
    {
        var known = (TEnum)Enum.ToObject(typeof(TEnum), value);
        if (!Enum.IsDefined(known))
            throw new InvalidDataException(GroupCheckpoint.Invariant(
                $"The checkpoint is corrupt: {what} in group {group} is {value}, which is unknown."));
        return known;
    }
}
