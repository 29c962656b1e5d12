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
        writer.WriteByte((byte)Unsafe.SizeOf<T>());
        writer.WriteString(info.Name);
        writer.WriteNames(info.Hyperparameters.Select(h => h.Name));
        writer.WriteNames(info.Flags.Select(f => f.Name));
        writer.WriteNames(info.States.Select(s => s.Name));
        writer.WriteNames(info.StepStates.Select(s => s.Name));
        writer.WriteBoolean(includeParameters);
        // Format 3: the mode, so a checkpoint saved in eval mode (parameters at x) resumes in it.
        writer.WriteByte((byte)Mode);
        writer.WriteInt32(Groups.Count);
        foreach (var group in Groups)
        {
            var hyperparameters = group.Hyperparameters;
            writer.WriteDoubles(info.Hyperparameters.Select(h => hyperparameters.GetHyperparameter(h.Name)).ToArray());
            foreach (var flag in info.Flags) writer.WriteBoolean(hyperparameters.GetFlag(flag.Name));
            writer.WriteInt64(group.StepCount);
            writer.WriteInt64(group.Steps.StepsBeforeState);
            writer.WriteDoubles(group.StepState);
            writer.WriteInt32(group.InitialValues.Count);
            foreach (var (name, value) in group.InitialValues.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WriteString(name);
                writer.WriteDouble(value);
            }
            writer.WriteInt32(group.TensorCount);
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
        int elementSize = reader.ReadByte();
        if (elementSize != Unsafe.SizeOf<T>())
            throw new InvalidDataException(
                $"The checkpoint holds {ElementName(elementSize)} elements, "
                + $"but this optimizer steps {typeof(T).Name}.");
        string name = reader.ReadString();
        if (name != info.Name)
            throw new InvalidDataException(
                $"The checkpoint was saved by optimizer '{name}', but this optimizer is '{info.Name}'.");
        ExpectNames(reader, "hyperparameters", info.Hyperparameters.Select(h => h.Name));
        ExpectNames(reader, "flags", info.Flags.Select(f => f.Name));
        ExpectNames(reader, "state buffers", info.States.Select(s => s.Name));
        ExpectNames(reader, "per-step states", info.StepStates.Select(s => s.Name));
        bool hasParameters = reader.ReadBoolean();
        var mode = (OptimizerMode)reader.ReadByte();
        if (!Enum.IsDefined(mode))
            throw new InvalidDataException(Invariant($"The checkpoint is corrupt: it holds the mode {(int)mode}."));
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
        double[] hyperparameters = reader.ReadDoubles(info.Hyperparameters.Count,
            Invariant($"hyperparameters in group {g}"));
        bool[] flags = new bool[info.Flags.Count];
        for (int f = 0; f < flags.Length; f++) flags[f] = reader.ReadBoolean();
        // Setting every value on a copy checks it against its declared range, as a live change would be.
        var check = live.Hyperparameters.Clone();
        try
        {
            for (int h = 0; h < hyperparameters.Length; h++)
                check.SetHyperparameter(info.Hyperparameters[h].Name, hyperparameters[h]);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException(Invariant(
                $"Group {g} of the checkpoint holds an invalid hyperparameter: {e.Message}"), e);
        }
        // A step count a group can have: from 0 up to one that a next step (StepCount + 1) can follow.
        long stepCount = reader.ReadInt64();
        if (stepCount < 0 || stepCount == long.MaxValue)
            throw new InvalidDataException(Invariant(
                $"The checkpoint is corrupt: group {g} has taken {stepCount} steps."));
        long stepsBeforeState = reader.ReadInt64();
        if (stepsBeforeState < 0 || stepsBeforeState > stepCount)
            throw new InvalidDataException(
                Invariant($"The checkpoint is corrupt: group {g} took {stepsBeforeState} of its {stepCount} steps ")
                + "before its state existed.");
        // Steps only ever store finite per-step state (products of factors such as NAdam's mu_product).
        double[] stepState = reader.ReadDoubles(info.StepStates.Count, Invariant($"per-step states in group {g}"));
        for (int k = 0; k < stepState.Length; k++)
            if (!double.IsFinite(stepState[k]))
                throw new InvalidDataException(
                    Invariant($"The checkpoint is corrupt: the per-step state '{info.StepStates[k].Name}' ")
                    + Invariant($"of group {g} is {stepState[k]:R}; a step stores only finite values."));
        var initialValues = new Dictionary<string, double>(StringComparer.Ordinal);
        int initialCount = reader.ReadCount("initial values", info.Hyperparameters.Count);
        for (int i = 0; i < initialCount; i++)
        {
            string hyperparameter = reader.ReadString();
            var declared = info.Hyperparameters.FirstOrDefault(h => h.Name == hyperparameter);
            if (declared is null || initialValues.ContainsKey(hyperparameter))
                throw new InvalidDataException(
                    $"The checkpoint is corrupt: group {g.ToString(CultureInfo.InvariantCulture)} "
                    + $"holds an initial value of '{hyperparameter}'.");
            // An initial value is one the hyperparameter had (or a schedule's start value), so its range holds it.
            double value = reader.ReadDouble();
            if (!declared.Accepts(value))
                throw new InvalidDataException(
                    Invariant($"The checkpoint is corrupt: the initial value of '{hyperparameter}' in group {g} ")
                    + Invariant($"is {value:R}, outside its range {declared.Range}."));
            initialValues[hyperparameter] = value;
        }

        int tensorCount = reader.ReadInt32();
        if (tensorCount != live.TensorCount)
            throw new InvalidDataException(Invariant(
                $"Group {g} of the checkpoint has {tensorCount} tensors, but group {g} here has {live.TensorCount}."));
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
        return new SavedGroup(hyperparameters, flags, stepCount, stepsBeforeState, stepState, initialValues, states,
            parameters);
    }

    private static void ExpectNames(CheckpointReader reader, string what, IEnumerable<string> expected)
    {
        string[] saved = reader.ReadNames(), here = [.. expected];
        if (!saved.SequenceEqual(here))
            throw new InvalidDataException(
                $"The checkpoint's optimizer declares {what} ({string.Join(", ", saved)}), "
                + $"but this one declares ({string.Join(", ", here)}).");
    }

    private static string ElementName(int size) => size switch
    {
        4 => nameof(Single),
        8 => nameof(Double),
        _ => Invariant($"{size}-byte"),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>One group read from a checkpoint and checked, waiting to be committed.</summary>
    private sealed record SavedGroup(double[] Hyperparameters, bool[] Flags, long StepCount, long StepsBeforeState,
        double[] StepState, Dictionary<string, double> InitialValues, T[][] States, T[][]? Parameters)
    {
        // Every value was checked on a copy of the group's hyperparameters, so nothing here can throw.
        public void Commit(ParameterGroup group, RegisteredTensor<T>[] tensors)
        {
            var info = group.Hyperparameters.Info;
            for (int h = 0; h < Hyperparameters.Length; h++)
                group.Hyperparameters.SetHyperparameter(info.Hyperparameters[h].Name, Hyperparameters[h]);
            for (int f = 0; f < Flags.Length; f++) group.Hyperparameters.SetFlag(info.Flags[f].Name, Flags[f]);
            group.Steps.Restore(StepCount, StepsBeforeState, StepState);
            group.ReplaceInitialValues(InitialValues);
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
