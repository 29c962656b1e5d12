using System.Globalization;
using System.Runtime.CompilerServices;
using SimdOpt.Kernels;

namespace SimdOpt.Training;

// The optimizer's section of a checkpoint. It describes itself (optimizer, element size, declared names, groups,
// tensor lengths) so that a checkpoint made for anything else is refused with the difference named; the state it
// reads goes to scratch arrays, which replace the live ones only when the whole checkpoint has been checked.
public sealed partial class Optimizer<T>
{
    internal override void WriteCheckpoint(CheckpointWriter writer, bool includeParameters)
    {
        var info = Info;
        GroupCheckpoint.WriteHeader(writer, info, Unsafe.SizeOf<T>());
        writer.WriteBoolean(includeParameters);
        // Format 3: the mode, so a checkpoint saved in eval mode (parameters at x) resumes in it.
        GroupCheckpoint.WriteMode(writer, Mode);
        writer.WriteInt32(Groups.Count);
        foreach (var group in Groups)
        {
            GroupCheckpoint.Write(writer, group);
            StorageCheckpoint.Full(info.States.Count, group.TensorCount).Write(writer);
            for (int i = 0; i < group.TensorCount; i++)
            {
                var tensor = _tensors[group.FirstTensor + i];
                writer.WriteInt32(tensor.Length);
                var state = tensor.State;
                for (int k = 0; k < state.Count; k++) writer.WriteElements<T>(state[k]);
                if (includeParameters) writer.WriteElements<T>(tensor.Value.Span);
            }
        }
    }

    internal override Action ReadCheckpoint(CheckpointReader reader)
    {
        var info = Info;
        GroupCheckpoint.ReadHeader(reader, info, typeof(T), Unsafe.SizeOf<T>());
        bool hasParameters = reader.ReadBoolean();
        var mode = GroupCheckpoint.ReadMode(reader);
        int groupCount = reader.ReadInt32();
        if (groupCount != Groups.Count)
            throw new InvalidDataException(Invariant(
                $"The checkpoint has {groupCount} parameter groups, but this optimizer has {Groups.Count}."));

        var groups = new SavedGroup[groupCount];
        for (int g = 0; g < groupCount; g++) groups[g] = ReadGroup(reader, Groups[g], hasParameters);

        return () =>
        {
            for (int g = 0; g < groups.Length; g++) groups[g].Commit(Groups[g], _tensors);
            Mode = mode;
        };
    }

    private SavedGroup ReadGroup(CheckpointReader reader, ParameterGroup live, bool hasParameters)
    {
        var info = Info;
        int g = live.Index;
        var header = GroupCheckpoint.Read(reader, live);
        StorageCheckpoint.Read(reader, info, live).ExpectFull(info.States.Select(s => s.Name).ToArray(), g);
        int tensorCount = live.TensorCount;
        var states = new T[tensorCount][];
        var parameters = hasParameters ? new T[tensorCount][] : null;
        for (int i = 0; i < tensorCount; i++)
        {
            int length = reader.ReadInt32(), expected = _tensors[live.FirstTensor + i].Length;
            if (length != expected)
                throw new InvalidDataException(Invariant(
                    $"Tensor {i} of group {g} has {length} elements in the checkpoint, but {expected} here."));
            states[i] = new T[info.States.Count * length];
            reader.ReadElements<T>(states[i]);
            if (parameters is not null)
            {
                parameters[i] = new T[length];
                reader.ReadElements<T>(parameters[i]);
            }
        }
        return new SavedGroup(header, states, parameters);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>One group read from a checkpoint and checked, waiting to be committed.</summary>
    private sealed record SavedGroup(GroupCheckpoint Header, T[][] States, T[][]? Parameters)
    {
        // Every value was checked on a copy of the group's hyperparameters, so nothing here can throw.
        public void Commit(ParameterGroup group, RegisteredTensor<T>[] tensors)
        {
            Header.Commit(group);
            for (int i = 0; i < States.Length; i++)
            {
                var tensor = tensors[group.FirstTensor + i];
                var state = tensor.State;
                for (int k = 0; k < state.Count; k++)
                    States[i].AsSpan(k * tensor.Length, tensor.Length).CopyTo(state[k]);
                Parameters?[i].CopyTo(tensor.Value.Span);
            }
        }
    }
}
