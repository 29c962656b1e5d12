using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace SimdOpt.Training.Interchange;

/// <summary>Writes an optimizer as torch's <c>optimizer.state_dict()</c> in a safetensors file (see
/// <see cref="TorchCheckpoint"/>).</summary>
internal static class TorchExport
{
    public static SafetensorsFile Export<T>(Optimizer<T> optimizer, TorchOptimizerLayout layout,
        bool includeParameters)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var info = optimizer.Info;
        foreach (var group in optimizer.Groups)
            foreach (var key in layout.Keys)
                if (key.AbsentFromTorch && group.Hyperparameters.GetFlag(key.Names[0]))
                    throw new ArgumentException(
                        $"Group {group.Index.ToString(CultureInfo.InvariantCulture)} has '{key.Key}' on, but torch "
                        + $"1.13's {layout.TorchName} has no such option: torch would step the exported state "
                        + "another way.", nameof(optimizer));

        var tensors = new Dictionary<string, SafetensorsTensor>(StringComparer.Ordinal);
        int index = 0;
        foreach (var group in optimizer.Groups)
        {
            var hyperparameters = group.Hyperparameters;
            long t = group.StepCount - group.Steps.StepsBeforeState;
            for (int i = 0; i < group.TensorCount; i++, index++)
            {
                string prefix = TorchNames.State(index);
                if (group.Steps.HasState)
                {
                    for (int k = 0; k < info.States.Count; k++)
                        if (hyperparameters.IsStateActive(k))
                            tensors[prefix + info.States[k].Name] =
                                Tensor<T>(optimizer.GetState(group.Index, i, info.States[k].Name));
                    if (layout.Step == TorchStep.Integer)
                        tensors[prefix + TorchNames.Step] = SafetensorsTensor.Scalar(t);
                    if (layout.Step == TorchStep.Float32)
                        tensors[prefix + TorchNames.Step] = SafetensorsTensor.Scalar((float)t);
                    for (int s = 0; s < info.StepStates.Count; s++)
                        tensors[prefix + info.StepStates[s].Name] = SafetensorsTensor.Scalar((float)group.StepState[s]);
                }
                if (includeParameters)
                    tensors[TorchNames.Parameter(index)] = Tensor<T>(optimizer.GetParameter(group.Index, i).Value.Span);
            }
        }
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [TorchNames.ParamGroups] = Json(json => WriteParamGroups(json, optimizer, layout)),
            [TorchNames.SimdOpt] = Json(json => WriteSimdOptEntry(json, optimizer)),
        };
        return new SafetensorsFile(tensors, metadata);
    }

    private static void WriteParamGroups(Utf8JsonWriter json, Optimizer optimizer, TorchOptimizerLayout layout)
    {
        json.WriteStartArray();
        int index = 0;
        foreach (var group in optimizer.Groups)
        {
            var hyperparameters = group.Hyperparameters;
            json.WriteStartObject();
            foreach (var key in layout.Keys)
            {
                if (key.AbsentFromTorch) continue;
                json.WritePropertyName(key.Key);
                if (key.IsImplementationOption) json.WriteRawValue(key.TorchDefault!);
                else if (key.IsFlag) json.WriteBooleanValue(hyperparameters.GetFlag(key.Names[0]));
                else if (key.Names.Length == 1) json.WriteNumberValue(hyperparameters.GetHyperparameter(key.Names[0]));
                else
                {
                    json.WriteStartArray();
                    foreach (string name in key.Names) json.WriteNumberValue(hyperparameters.GetHyperparameter(name));
                    json.WriteEndArray();
                }
            }
            // torch's schedulers keep the base learning rate in the group, under this name.
            if (group.InitialValues.TryGetValue("lr", out double initialLr))
                json.WriteNumber(TorchNames.InitialLr, initialLr);
            json.WriteStartArray("params");
            for (int i = 0; i < group.TensorCount; i++) json.WriteNumberValue(index++);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    // What torch does not hold, or holds only rounded: the exact step counts, per-step states and the base values of
    // scheduled hyperparameters other than lr. torch ignores the entry; importing it makes the round trip exact.
    private static void WriteSimdOptEntry(Utf8JsonWriter json, Optimizer optimizer)
    {
        var info = optimizer.Info;
        json.WriteStartObject();
        json.WriteString("optimizer", info.Name);
        json.WriteStartArray("groups");
        foreach (var group in optimizer.Groups)
        {
            json.WriteStartObject();
            json.WriteNumber("step_count", group.StepCount);
            json.WriteNumber("steps_before_state", group.Steps.StepsBeforeState);
            json.WriteStartObject("step_state");
            for (int s = 0; s < info.StepStates.Count; s++)
                json.WriteNumber(info.StepStates[s].Name, group.StepState[s]);
            json.WriteEndObject();
            json.WriteStartObject("initial_values");
            foreach (var (name, value) in group.InitialValues.OrderBy(p => p.Key, StringComparer.Ordinal))
                json.WriteNumber(name, value);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer)) write(json);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static SafetensorsTensor Tensor<T>(ReadOnlySpan<T> values) where T : unmanaged =>
        typeof(T) == typeof(float)
            ? SafetensorsTensor.FromSingles(MemoryMarshal.Cast<T, float>(values))
            : SafetensorsTensor.FromDoubles(MemoryMarshal.Cast<T, double>(values));
}
