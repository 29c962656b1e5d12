using System.Globalization;
using System.Numerics;
using System.Text.Json;
using SimdOpt.Kernels;

namespace SimdOpt.Training.Interchange;

/// <summary>
/// Reads torch's <c>optimizer.state_dict()</c> from a safetensors file into an optimizer, all or nothing: every group,
/// tensor and value is read and checked into scratch storage first, and only a file found right whole is committed.
/// </summary>
internal static class TorchImport
{
    public static void Import<T>(SafetensorsFile file, Optimizer<T> optimizer, TorchOptimizerLayout layout,
        SafetensorsDtype dtype)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var info = optimizer.Info;
        var paramGroups = ParseMetadata(file, TorchNames.ParamGroups, required: true)!;
        using var simdOpt = ParseMetadata(file, TorchNames.SimdOpt, required: false);
        var groupsJson = paramGroups.RootElement;
        if (groupsJson.ValueKind != JsonValueKind.Array || groupsJson.GetArrayLength() != optimizer.Groups.Count)
            throw Refused(Invariant($"its param_groups is not a list of {optimizer.Groups.Count} groups, as this ")
                + "optimizer has.");
        JsonElement[]? exact = ReadSimdOptGroups(simdOpt, info.Name, optimizer.Groups.Count);
        var tensors = TensorsByIndex(file, info, layout, optimizer.TensorCount);
        bool withParameters = tensors.Any(t => t.Parameter is not null);

        var groups = new ImportedGroup<T>[optimizer.Groups.Count];
        foreach (var group in optimizer.Groups)
        {
            int g = group.Index;
            var hyperparameters = ReadHyperparameters(groupsJson[g], group, layout, out double? initialLr);
            var (stepCount, stepsBeforeState, stepState, states) = ReadGroupState(optimizer, group, hyperparameters,
                layout, tensors, dtype, exact?[g]);
            var initialValues = ReadInitialValues(info, g, initialLr, exact?[g]);
            var parameters = new T[group.TensorCount][];
            for (int i = 0; i < group.TensorCount; i++)
            {
                var parameter = tensors[group.FirstTensor + i].Parameter;
                string name = TorchNames.Parameter(group.FirstTensor + i);
                if (parameter is null && withParameters)
                    throw Refused($"it holds the values of some parameters but lacks '{name}'.");
                if (parameter is not null)
                    parameters[i] = Elements<T>(parameter, name, dtype, optimizer.GetParameter(g, i).Length, g, i);
            }
            groups[g] = new ImportedGroup<T>(hyperparameters, stepCount, stepsBeforeState, stepState, initialValues,
                states, withParameters ? parameters : null);
        }
        foreach (var group in optimizer.Groups) groups[group.Index].Commit(optimizer, group);
    }

    /// <summary>The tensors of a file, by the optimizer's tensor index: each one's state entries and values.</summary>
    private static TensorEntries[] TensorsByIndex(SafetensorsFile file, OptimizerInfo info,
        TorchOptimizerLayout layout, int tensorCount)
    {
        var entries = new TensorEntries[tensorCount];
        for (int i = 0; i < tensorCount; i++) entries[i] = new TensorEntries();
        foreach (var (name, tensor) in file.Tensors)
        {
            string[] parts = name.Split('.', 3);
            bool isParameter = parts.Length == 2 && parts[0] == "param", isState = parts.Length == 3
                && parts[0] == "state";
            if ((!isParameter && !isState) || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture,
                out int index) || parts[1] != index.ToString(CultureInfo.InvariantCulture))
                throw Refused($"it holds a tensor '{name}', which is neither state.{{i}}.{{buffer}} nor param.{{i}}.");
            if (index >= tensorCount)
                throw Refused(Invariant($"it holds '{name}', but this optimizer has only {tensorCount} tensors."));
            if (isParameter)
            {
                entries[index].Parameter = tensor;
                continue;
            }
            string key = parts[2];
            bool known = info.States.Any(s => s.Name == key) || info.StepStates.Any(s => s.Name == key)
                || (key == TorchNames.Step && layout.Step != TorchStep.None);
            if (!known)
                throw Refused($"it holds '{name}', but '{key}' is no state of torch's {layout.TorchName} as SimdOpt's "
                    + $"'{info.Name}' keeps it.");
            entries[index].State[key] = tensor;
        }
        return entries;
    }

    private static OptimizerHyperparameters ReadHyperparameters(JsonElement json, ParameterGroup group,
        TorchOptimizerLayout layout, out double? initialLr)
    {
        int g = group.Index;
        if (json.ValueKind != JsonValueKind.Object) throw Refused(Invariant($"param_groups[{g}] is not an object."));
        var hyperparameters = group.Hyperparameters.Clone();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        initialLr = null;
        foreach (var entry in json.EnumerateObject())
        {
            string where = Invariant($"param_groups[{g}].{entry.Name}");
            if (!seen.Add(entry.Name)) throw Refused($"{where} is given twice.");
            var key = layout.Keys.FirstOrDefault(k => k.Key == entry.Name);
            try
            {
                if (entry.Name == "params") CheckParams(entry.Value, group, where);
                else if (entry.Name == TorchNames.InitialLr) initialLr = Number(entry.Value, where);
                else if (key is null)
                {
                    // An option SimdOpt does not know is refused unless it is off: torch would step differently.
                    if (entry.Value.ValueKind is not (JsonValueKind.False or JsonValueKind.Null))
                        throw Refused($"{where} is {entry.Value.GetRawText()}, but SimdOpt's '{layout.Name}' has no "
                            + "such option; only an option that is off (false or null) can be left out.");
                }
                else if (key.IsImplementationOption) continue;
                else if (key.IsFlag)
                    hyperparameters.SetFlag(key.Names[0], entry.Value.ValueKind switch
                    {
                        JsonValueKind.True => true,
                        JsonValueKind.False => false,
                        _ => throw Refused($"{where} is {entry.Value.GetRawText()}, not true or false."),
                    });
                else if (key.Names.Length == 1)
                    hyperparameters.SetHyperparameter(key.Names[0], Number(entry.Value, where));
                else
                {
                    if (entry.Value.ValueKind != JsonValueKind.Array
                        || entry.Value.GetArrayLength() != key.Names.Length)
                        throw Refused(Invariant($"{where} is {entry.Value.GetRawText()}, not a list of ")
                            + Invariant($"{key.Names.Length} numbers ({string.Join(", ", key.Names)})."));
                    for (int n = 0; n < key.Names.Length; n++)
                        hyperparameters.SetHyperparameter(key.Names[n], Number(entry.Value[n], where));
                }
            }
            catch (ArgumentException e)
            {
                throw Refused($"{where} is invalid: {e.Message}", e);
            }
        }
        foreach (var key in layout.Keys)
            if (!key.IsImplementationOption && !key.AbsentFromTorch && !seen.Contains(key.Key))
                throw Refused(Invariant($"param_groups[{g}] lacks '{key.Key}'."));
        if (!seen.Contains("params")) throw Refused(Invariant($"param_groups[{g}] lacks 'params'."));
        // The rules between hyperparameters (SGD's Nesterov needs momentum) are checked when a step is prepared.
        try
        {
            new StepProtocol<float>(hyperparameters).Prepare();
        }
        catch (ArgumentException e)
        {
            throw Refused(Invariant($"param_groups[{g}] breaks a rule of '{layout.Name}': {e.Message}"), e);
        }
        return hyperparameters;
    }

    private static void CheckParams(JsonElement json, ParameterGroup group, string where)
    {
        bool matches = json.ValueKind == JsonValueKind.Array && json.GetArrayLength() == group.TensorCount;
        for (int i = 0; matches && i < group.TensorCount; i++)
            matches = json[i].ValueKind == JsonValueKind.Number && json[i].TryGetInt32(out int index)
                && index == group.FirstTensor + i;
        if (!matches)
            throw Refused(Invariant($"{where} is {json.GetRawText()}, but group {group.Index} holds tensors ")
                + Invariant($"{group.FirstTensor} to {group.FirstTensor + group.TensorCount - 1} here, in order."));
    }

    private static (long, long, double[], T[][]?) ReadGroupState<T>(Optimizer<T> optimizer, ParameterGroup group,
        OptimizerHyperparameters hyperparameters, TorchOptimizerLayout layout, TensorEntries[] tensors,
        SafetensorsDtype dtype, JsonElement? exact)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var info = hyperparameters.Info;
        int g = group.Index;
        var own = tensors.AsSpan(group.FirstTensor, group.TensorCount);
        bool hasState = own.Length > 0 && own[0].State.Count > 0;
        for (int i = 0; i < own.Length; i++)
            if ((own[i].State.Count > 0) != hasState)
                throw Refused(Invariant($"tensor {group.FirstTensor + i} has {(hasState ? "no state" : "state")}, but ")
                    + Invariant($"tensor {group.FirstTensor} of the same group (group {g}) has ")
                    + (hasState ? "some" : "none") + "; SimdOpt keeps one step count per group.");

        long? torchStep = null;
        var stepState = new double[info.StepStates.Count];
        var states = hasState ? new T[own.Length][] : null;
        for (int i = 0; hasState && i < own.Length; i++)
        {
            int index = group.FirstTensor + i, length = optimizer.GetParameter(g, i).Length;
            string prefix = TorchNames.State(index);
            states![i] = new T[info.States.Count * length];
            for (int k = 0; k < info.States.Count; k++)
            {
                var target = states[i].AsSpan(k * length, length);
                if (own[i].State.TryGetValue(info.States[k].Name, out var buffer))
                    Elements<T>(buffer, prefix + info.States[k].Name, dtype, length, g, i).CopyTo(target);
                else if (hyperparameters.IsStateActive(k))
                    throw Refused($"it lacks '{prefix}{info.States[k].Name}', which torch's {layout.TorchName} "
                        + "keeps with these hyperparameters.");
                else target.Fill(T.CreateTruncating(hyperparameters.InitialStateValue(k)));
            }
            if (layout.Step != TorchStep.None)
            {
                long step = StepOf(own[i].State, prefix);
                if (torchStep is not null && step != torchStep)
                    throw Refused(Invariant($"'{prefix}{TorchNames.Step}' is {step}, but tensor {group.FirstTensor} ")
                        + Invariant($"of the same group has taken {torchStep} steps; SimdOpt keeps one count per ")
                        + "group.");
                torchStep = step;
            }
            for (int s = 0; s < stepState.Length; s++)
            {
                string name = prefix + info.StepStates[s].Name;
                double value = ScalarOf(own[i].State, prefix, info.StepStates[s].Name, SafetensorsDtype.F32,
                    SafetensorsDtype.F64);
                if (i > 0 && value != stepState[s])
                    throw Refused(Invariant($"'{name}' is {value:R}, but tensor {group.FirstTensor} of the same ")
                        + Invariant($"group holds {stepState[s]:R}; SimdOpt keeps one per group."));
                stepState[s] = value;
            }
        }

        long stepCount, stepsBeforeState;
        if (exact is { } saved)
        {
            stepCount = Integer(saved, "step_count", g);
            stepsBeforeState = Integer(saved, "steps_before_state", g);
            if (stepCount == long.MaxValue || stepsBeforeState > stepCount)
                throw Refused(Invariant($"its simdopt entry says group {g} took {stepsBeforeState} of its ")
                    + Invariant($"{stepCount} steps before its state existed."));
            long t = stepCount - stepsBeforeState;
            if ((t > 0) != hasState || (torchStep is not null && torchStep != (layout.Step == TorchStep.Float32
                ? (long)(float)t : t)))
                throw Refused(Invariant($"its simdopt entry says group {g} has taken {t} steps with its state, ")
                    + Invariant($"but the state tensors {(hasState ? $"say {torchStep}" : "are missing")}."));
            ReadExactStepState(saved, info, g, stepState, hasState);
        }
        else
        {
            // torch's SGD counts no steps: its momentum buffer alone tells the first step from the others.
            stepCount = torchStep ?? (hasState ? 1 : 0);
            stepsBeforeState = 0;
            if (hasState && stepCount == 0)
                throw Refused(Invariant($"group {g} has state but has taken 0 steps; a step creates the state."));
        }
        return (stepCount, stepsBeforeState, hasState ? stepState : [], states);
    }

    private static void ReadExactStepState(JsonElement saved, OptimizerInfo info, int g, double[] stepState,
        bool hasState)
    {
        if (!saved.TryGetProperty("step_state", out var values) || values.ValueKind != JsonValueKind.Object)
            throw Refused(Invariant($"its simdopt entry of group {g} lacks step_state."));
        for (int s = 0; hasState && s < stepState.Length; s++)
        {
            string name = info.StepStates[s].Name;
            if (!values.TryGetProperty(name, out var value))
                throw Refused(Invariant($"its simdopt entry of group {g} lacks the step state '{name}'."));
            double exact = Number(value, Invariant($"simdopt groups[{g}].step_state.{name}"));
            if ((float)exact != (float)stepState[s] || !double.IsFinite(exact))
                throw Refused(Invariant($"its simdopt entry says '{name}' of group {g} is {exact:R}, ")
                    + Invariant($"but its tensors hold {stepState[s]:R}."));
            stepState[s] = exact;
        }
    }

    private static Dictionary<string, double> ReadInitialValues(OptimizerInfo info, int g, double? initialLr,
        JsonElement? exact)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        if (exact is { } saved && saved.TryGetProperty("initial_values", out var saved0)
            && saved0.ValueKind == JsonValueKind.Object)
            foreach (var entry in saved0.EnumerateObject())
                values[entry.Name] = Number(entry.Value, Invariant($"simdopt groups[{g}].initial_values.{entry.Name}"));
        if (initialLr is double lr) values["lr"] = lr;
        foreach (var (name, value) in values)
        {
            var declared = info.Hyperparameters.FirstOrDefault(h => h.Name == name)
                ?? throw Refused(Invariant($"group {g} holds an initial value of '{name}', which '{info.Name}' ")
                    + "does not have.");
            if (!declared.Accepts(value))
                throw Refused(Invariant($"the initial value of '{name}' in group {g} is {value:R}, outside its ")
                    + Invariant($"range {declared.Range}."));
        }
        return values;
    }

    private static JsonDocument? ParseMetadata(SafetensorsFile file, string key, bool required)
    {
        if (!file.Metadata.TryGetValue(key, out string? text))
        {
            if (required)
                throw Refused($"its __metadata__ has no '{key}': it is not a torch optimizer state_dict.");
            return null;
        }
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw Refused($"its __metadata__ '{key}' is not valid JSON ({e.Message})", e);
        }
    }

    private static JsonElement[]? ReadSimdOptGroups(JsonDocument? simdOpt, string optimizer, int groupCount)
    {
        if (simdOpt is null) return null;
        var root = simdOpt.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("optimizer", out var name)
            || !root.TryGetProperty("groups", out var groups) || groups.ValueKind != JsonValueKind.Array)
            throw Refused("its simdopt entry lacks the optimizer's name or its groups.");
        if (name.ValueKind != JsonValueKind.String || name.GetString() != optimizer)
            throw Refused($"it was exported from SimdOpt's '{name.GetRawText().Trim('"')}', but this optimizer is "
                + $"'{optimizer}'.");
        if (groups.GetArrayLength() != groupCount)
            throw Refused(Invariant($"its simdopt entry has {groups.GetArrayLength()} groups, but param_groups has ")
                + Invariant($"{groupCount}."));
        return [.. groups.EnumerateArray()];
    }

    private static T[] Elements<T>(SafetensorsTensor tensor, string name, SafetensorsDtype dtype, int length, int g,
        int i) where T : unmanaged
    {
        if (tensor.Dtype != dtype)
            throw Refused($"'{name}' is {tensor.Dtype.HeaderName()}, but this optimizer steps {typeof(T).Name} "
                + $"({dtype.HeaderName()}) elements.");
        if (tensor.ElementCount != length)
            throw Refused(Invariant($"'{name}' has shape {tensor.ShapeText}, {tensor.ElementCount} elements, but ")
                + Invariant($"tensor {i} of group {g} has {length}."));
        var values = new T[length];
        tensor.CopyTo<T>(values);
        return values;
    }

    // torch 1.13 counts steps in a float32 tensor (the Adam family, Adagrad) or a Python int (written as I64).
    private static long StepOf(Dictionary<string, SafetensorsTensor> state, string prefix)
    {
        string name = prefix + TorchNames.Step;
        double value = ScalarOf(state, prefix, TorchNames.Step, SafetensorsDtype.F32, SafetensorsDtype.F64,
            SafetensorsDtype.I64);
        if (value < 0 || value != Math.Floor(value) || value >= long.MaxValue)
            throw Refused(Invariant($"'{name}' is {value:R}, not a step count (a whole number from 0 up)."));
        return (long)value;
    }

    private static double ScalarOf(Dictionary<string, SafetensorsTensor> state, string prefix, string key,
        params SafetensorsDtype[] dtypes)
    {
        string name = prefix + key;
        if (!state.TryGetValue(key, out var tensor)) throw Refused($"it lacks '{name}'.");
        if (!dtypes.Contains(tensor.Dtype))
            throw Refused($"'{name}' is {tensor.Dtype.HeaderName()}; it must be "
                + string.Join(" or ", dtypes.Select(d => d.HeaderName())) + ".");
        if (tensor.ElementCount != 1)
            throw Refused(Invariant($"'{name}' has shape {tensor.ShapeText}; it must hold one number."));
        double value = tensor.ToDoubles()[0];
        if (!double.IsFinite(value)) throw Refused(Invariant($"'{name}' is {value:R}, which is not finite."));
        return value;
    }

    private static long Integer(JsonElement saved, string field, int g)
    {
        if (!saved.TryGetProperty(field, out var value) || !value.TryGetInt64(out long number) || number < 0)
            throw Refused(Invariant($"its simdopt entry of group {g} lacks {field}, or it is not a count."));
        return number;
    }

    private static double Number(JsonElement value, string where) =>
        value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : throw Refused($"{where} is {value.GetRawText()}, not a number.");

    private static InvalidDataException Refused(string problem, Exception? inner = null) =>
        new("The torch checkpoint does not fit this optimizer: " + problem, inner);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>The entries of one tensor: its state by key (<c>exp_avg</c>, <c>step</c>, ...) and its
    /// values.</summary>
    private sealed class TensorEntries
    {
        public Dictionary<string, SafetensorsTensor> State { get; } = new(StringComparer.Ordinal);

        public SafetensorsTensor? Parameter { get; set; }
    }

    /// <summary>One group read and checked, waiting to be committed; committing cannot fail.</summary>
    private sealed record ImportedGroup<T>(OptimizerHyperparameters Hyperparameters, long StepCount,
        long StepsBeforeState, double[] StepState, Dictionary<string, double> InitialValues, T[][]? States,
        T[][]? Parameters)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Commit(Optimizer<T> optimizer, ParameterGroup group)
        {
            var info = optimizer.Info;
            foreach (var h in info.Hyperparameters)
                group.Hyperparameters.SetHyperparameter(h.Name, Hyperparameters.GetHyperparameter(h.Name));
            foreach (var f in info.Flags) group.Hyperparameters.SetFlag(f.Name, Hyperparameters.GetFlag(f.Name));
            group.Steps.Restore(StepCount, StepsBeforeState, StepState);
            group.ReplaceInitialValues(InitialValues);
            for (int i = 0; i < group.TensorCount; i++)
            {
                if (States is not null)
                {
                    int length = optimizer.GetParameter(group.Index, i).Length;
                    for (int k = 0; k < info.States.Count; k++)
                        States[i].AsSpan(k * length, length)
                            .CopyTo(optimizer.GetState(group.Index, i, info.States[k].Name));
                }
                Parameters?[i].CopyTo(optimizer.GetParameter(group.Index, i).Value.Span);
            }
        }
    }
}
