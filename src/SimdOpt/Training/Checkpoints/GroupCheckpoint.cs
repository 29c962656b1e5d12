using System.Globalization;
using SimdOpt.Kernels;

namespace SimdOpt.Training;

/// <summary>
/// What a checkpoint holds of an optimizer besides its tensors, shared by <see cref="Optimizer{T}"/> and
/// <see cref="LowPrecisionOptimizer"/>: the section's header (element size, optimizer, declared names) and each group's
/// hyperparameters, flags, step count, per-step state and initial values, read and checked on a copy before anything
/// is committed.
/// </summary>
/// <param name="Hyperparameters">The group's hyperparameters in declaration order.</param>
/// <param name="Flags">The group's flags in declaration order.</param>
/// <param name="StepCount">The group's step count.</param>
/// <param name="StepsBeforeState">How many of the steps came before the state existed.</param>
/// <param name="StepState">The per-step scalar state.</param>
/// <param name="InitialValues">The schedules' base values.</param>
internal sealed record GroupCheckpoint(double[] Hyperparameters, bool[] Flags, long StepCount, long StepsBeforeState,
    double[] StepState, Dictionary<string, double> InitialValues)
{
    /// <summary>Writes the section's header: element size, optimizer name and declared names.</summary>
    public static void WriteHeader(CheckpointWriter writer, OptimizerInfo info, int elementSize)
    {
        writer.WriteByte((byte)elementSize);
        writer.WriteString(info.Name);
        writer.WriteNames(info.Hyperparameters.Select(h => h.Name));
        writer.WriteNames(info.Flags.Select(f => f.Name));
        writer.WriteNames(info.States.Select(s => s.Name));
        writer.WriteNames(info.StepStates.Select(s => s.Name));
    }

    /// <summary>Reads and checks the section's header.</summary>
    /// <exception cref="InvalidDataException">It was written for another element type or optimizer.</exception>
    public static void ReadHeader(CheckpointReader reader, OptimizerInfo info, Type elementType, int elementSize)
    {
        int saved = reader.ReadByte();
        if (saved != elementSize)
            throw new InvalidDataException(
                $"The checkpoint holds {ElementName(saved)} elements, but this optimizer steps {elementType.Name}.");
        string name = reader.ReadString();
        if (name != info.Name)
            throw new InvalidDataException(
                $"The checkpoint was saved by optimizer '{name}', but this optimizer is '{info.Name}'.");
        ExpectNames(reader, "hyperparameters", info.Hyperparameters.Select(h => h.Name));
        ExpectNames(reader, "flags", info.Flags.Select(f => f.Name));
        ExpectNames(reader, "state buffers", info.States.Select(s => s.Name));
        ExpectNames(reader, "per-step states", info.StepStates.Select(s => s.Name));
    }

    /// <summary>Writes the optimizer's train/eval mode: one byte after the header's "parameters included".</summary>
    public static void WriteMode(CheckpointWriter writer, OptimizerMode mode) => writer.WriteByte((byte)mode);

    /// <summary>Reads the mode <see cref="WriteMode"/> wrote, refusing a byte that names no mode.</summary>
    public static OptimizerMode ReadMode(CheckpointReader reader)
    {
        var mode = (OptimizerMode)reader.ReadByte();
        if (!Enum.IsDefined(mode))
            throw new InvalidDataException(Invariant($"The checkpoint is corrupt: it holds the mode {(int)mode}."));
        return mode;
    }

    /// <summary>Writes a group's hyperparameters, flags, step count, per-step state and initial values.</summary>
    public static void Write(CheckpointWriter writer, ParameterGroup group)
    {
        var info = group.Hyperparameters.Info;
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
    }

    /// <summary>Reads what <see cref="Write"/> wrote for <paramref name="live"/>, checking every value.</summary>
    /// <exception cref="InvalidDataException">A value is corrupt or outside its range.</exception>
    public static GroupCheckpoint Read(CheckpointReader reader, ParameterGroup live)
    {
        var info = live.Hyperparameters.Info;
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
        return new GroupCheckpoint(hyperparameters, flags, stepCount, stepsBeforeState, stepState, initialValues);
    }

    /// <summary>Makes the read values the group's; every one was checked, so nothing here can throw.</summary>
    public void Commit(ParameterGroup group)
    {
        var info = group.Hyperparameters.Info;
        for (int h = 0; h < Hyperparameters.Length; h++)
            group.Hyperparameters.SetHyperparameter(info.Hyperparameters[h].Name, Hyperparameters[h]);
        for (int f = 0; f < Flags.Length; f++) group.Hyperparameters.SetFlag(info.Flags[f].Name, Flags[f]);
        group.Steps.Restore(StepCount, StepsBeforeState, StepState);
        group.ReplaceInitialValues(InitialValues);
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

    /// <summary>Formats with the invariant culture.</summary>
    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
