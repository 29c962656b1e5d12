using SimdOpt.Precision;

namespace SimdOpt.Training;

// The optimizer's section of a checkpoint: Optimizer<float>'s layout, with each group's storage record
// (StorageCheckpoint) saying how every buffer is stored, each state buffer in its own storage (8-bit codes with their
// scales), and the master copies. A checkpoint whose storage differs from this optimizer's is refused, naming the
// difference, unless ConvertsStorageOnLoad asks for conversion; everything is read into scratch buffers first.
public sealed partial class LowPrecisionOptimizer
{
    /// <summary>
    /// Whether loading a checkpoint whose buffers are stored otherwise than this optimizer's (bfloat16 state saved,
    /// 8-bit state here, say) converts them (widened to float32, narrowed into this storage) instead of refusing it; a
    /// master copy the checkpoint lacks is then taken from the parameters' values. False by default: a storage change
    /// loses precision, so it is made only when asked for.
    /// </summary>
    public bool ConvertsStorageOnLoad { get; set; }

    internal override void WriteCheckpoint(CheckpointWriter writer, bool includeParameters)
    {
        GroupCheckpoint.WriteHeader(writer, Info, sizeof(float));
        writer.WriteBoolean(includeParameters);
        GroupCheckpoint.WriteMode(writer, Mode);
        writer.WriteInt32(Groups.Count);
        foreach (var group in Groups)
        {
            GroupCheckpoint.Write(writer, group);
            RecordOf(group.Index).Write(writer);
            for (int i = 0; i < group.TensorCount; i++)
            {
                var tensor = _tensors[group.FirstTensor + i];
                writer.WriteInt32(tensor.Length);
                // An absent buffer is written as the buffer it stands for, so the format does not change.
                for (int k = 0; k < tensor.States.Length; k++) Materialize(tensor, k).Write(writer);
                if (tensor.Master is { } master) writer.WriteElements<float>(master);
                if (includeParameters) tensor.Value.Write(writer);
            }
        }
    }

    internal override Action ReadCheckpoint(CheckpointReader reader)
    {
        GroupCheckpoint.ReadHeader(reader, Info, typeof(float), sizeof(float));
        bool hasParameters = reader.ReadBoolean();
        var mode = GroupCheckpoint.ReadMode(reader);
        int groupCount = reader.ReadInt32();
        if (groupCount != Groups.Count)
            throw new InvalidDataException(GroupCheckpoint.Invariant(
                $"The checkpoint has {groupCount} parameter groups, but this optimizer has {Groups.Count}."));
        var groups = new SavedGroup[groupCount];
        for (int g = 0; g < groupCount; g++) groups[g] = ReadGroup(reader, Groups[g], hasParameters);
        return () =>
        {
            foreach (var group in groups) group.Commit(this);
            Mode = mode;
        };
    }

    // What this optimizer holds of group g, as a checkpoint records it.
    private StorageCheckpoint RecordOf(int g)
    {
        var storage = _groupStorage[g];
        var group = Groups[g];
        var names = Info.States.Select(s => s.Name).ToArray();
        return new StorageCheckpoint(names.Select(storage.StateStorage).ToArray(),
            names.Select(storage.CodeOf).ToArray(),
            storage.MasterWeights, storage.StochasticRounding,
            group.TensorCount > 0 ? _tensors[group.FirstTensor].Seed : storage.Seed,
            Enumerable.Range(group.FirstTensor, group.TensorCount).Select(t => _tensors[t].Value.Kind).ToArray());
    }

    private SavedGroup ReadGroup(CheckpointReader reader, ParameterGroup live, bool hasParameters)
    {
        int g = live.Index;
        var header = GroupCheckpoint.Read(reader, live);
        var saved = StorageCheckpoint.Read(reader, Info, live);
        var here = RecordOf(g);
        if (!ConvertsStorageOnLoad) ExpectSameStorage(saved, here, g);
        var tensors = new SavedTensor[live.TensorCount];
        for (int i = 0; i < tensors.Length; i++)
        {
            var tensor = _tensors[live.FirstTensor + i];
            int length = reader.ReadInt32();
            if (length != tensor.Length)
                throw new InvalidDataException(GroupCheckpoint.Invariant(
                    $"Tensor {i} of group {g} has {length} elements in the checkpoint, but {tensor.Length} here."));
            var states = new StoredMemory[tensor.States.Length];
            var uniform = new float?[states.Length];
            for (int k = 0; k < states.Length; k++)
            {
                var buffer = StoredMemory.Allocate(saved.States[k], length, saved.Codes[k]);
                buffer.Read(reader);
                states[k] = buffer.ConvertTo(here.States[k], here.Codes[k]);
                // An absent buffer stays absent when every saved element holds one value.
                if (tensor.IsAbsent(k)) uniform[k] = UniformValue(states[k]);
            }
            float[]? master = null;
            if (saved.MasterWeights && saved.Values[i] != StorageKind.Float32)
            {
                master = new float[length];
                reader.ReadElements<float>(master);
            }
            StoredMemory? values = null;
            if (hasParameters)
            {
                var buffer = StoredMemory.Allocate(saved.Values[i], length, default);
                buffer.Read(reader);
                values = buffer.ConvertTo(tensor.Value.Kind, default);
            }
            tensors[i] = new SavedTensor(tensor, states, uniform, master, values);
        }
        return new SavedGroup(live, header, saved.Seed, tensors);
    }

    private void ExpectSameStorage(StorageCheckpoint saved, StorageCheckpoint here, int g)
    {
        string? difference = null;
        for (int k = 0; k < here.States.Length && difference is null; k++)
            if (saved.States[k] != here.States[k]
                || (here.States[k] == StorageKind.Quantized8 && saved.Codes[k] != here.Codes[k]))
                difference = $"state buffer '{Info.States[k].Name}' as {Describe(saved.States[k], saved.Codes[k])}, "
                    + $"but here as {Describe(here.States[k], here.Codes[k])}";
        for (int i = 0; i < here.Values.Length && difference is null; i++)
            if (saved.Values[i] != here.Values[i])
                difference = GroupCheckpoint.Invariant(
                    $"the values of tensor {i} as {saved.Values[i]}, but here as {here.Values[i]}");
        if (difference is null && saved.MasterWeights != here.MasterWeights)
            difference = saved.MasterWeights ? "master weights, but none here" : "no master weights, but here some";
        if (difference is null && saved.StochasticRounding != here.StochasticRounding)
            difference = saved.StochasticRounding
                ? "stochastically rounded parameters, but here rounded to nearest"
                : "parameters rounded to nearest, but here stochastically";
        if (difference is not null)
            throw new InvalidDataException(GroupCheckpoint.Invariant($"Group {g} of the checkpoint stores ")
                + difference + "; set ConvertsStorageOnLoad to convert it.");
    }

    private static string Describe(StorageKind kind, Quantized8Code code) =>
        kind == StorageKind.Quantized8 ? $"{kind} ({code})" : kind.ToString();

    /// <summary>One tensor read from a checkpoint, already in this optimizer's storage.</summary>
    private sealed record SavedTensor(StagedTensor Tensor, StoredMemory[] States, float?[] UniformStates,
        float[]? Master, StoredMemory? Values);

    /// <summary>One group read from a checkpoint and checked, waiting to be committed.</summary>
    private sealed record SavedGroup(ParameterGroup Group, GroupCheckpoint Header, ulong Seed, SavedTensor[] Tensors)
    {
        // Every value was checked and converted, so nothing here can throw.
        public void Commit(LowPrecisionOptimizer optimizer)
        {
            Header.Commit(Group);
            optimizer._groupStorage[Group.Index] = optimizer._groupStorage[Group.Index] with { Seed = Seed };
            foreach (var saved in Tensors)
            {
                var tensor = saved.Tensor;
                tensor.Seed = Seed;
                for (int k = 0; k < saved.States.Length; k++)
                {
                    if (!tensor.IsAbsent(k)) tensor.States[k].CopyFrom(saved.States[k]);
                    else if (saved.UniformStates[k] is float value) tensor.AbsentValues[k] = value;
                    else tensor.States[k] = saved.States[k];
                }
                if (saved.Values is { } values) tensor.Value.CopyFrom(values);
                if (tensor.Master is { } master)
                {
                    if (saved.Master is not null) saved.Master.CopyTo(master, 0);
                    else tensor.Value.Widen(0, master, Kernels.KernelPath.Auto);
                }
            }
        }
    }
}
