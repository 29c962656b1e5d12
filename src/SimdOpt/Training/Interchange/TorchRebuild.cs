using System.Globalization;
using System.Numerics;
using System.Text.Json;
using SimdOpt.Kernels;

namespace SimdOpt.Training.Interchange;

/// <summary>Builds the optimizer a torch file describes — its groups from <c>param_groups</c>, each tensor's length
/// from its state or values, the element type from their dtype — and imports the file into it.</summary>
internal static class TorchRebuild
{
    public static Optimizer Rebuild(SafetensorsFile file, string? optimizerName)
    {
        var info = Optimizer(file, optimizerName);
        int[][] groups = Groups(file);
        int[] lengths = new int[groups.Sum(g => g.Length)];
        SafetensorsDtype? dtype = null;
        for (int index = 0; index < lengths.Length; index++)
        {
            string prefix = TorchNames.State(index);
            var tensor = file.Tensors.GetValueOrDefault(TorchNames.Parameter(index))
                ?? info.States.Select(s => file.Tensors.GetValueOrDefault(prefix + s.Name))
                    .FirstOrDefault(t => t is not null)
                ?? throw new InvalidDataException(Invariant(
                    $"The file holds neither the state nor the values of tensor {index}, so its length is unknown."));
            if (tensor.ElementCount > Array.MaxLength)
                throw new InvalidDataException(Invariant($"Tensor {index} has {tensor.ElementCount} elements, more ")
                    + "than one array holds.");
            lengths[index] = (int)tensor.ElementCount;
            dtype ??= tensor.Dtype;
        }
        Optimizer optimizer = dtype switch
        {
            SafetensorsDtype.F32 or null => Build<float>(info, groups, lengths),
            SafetensorsDtype.F64 => Build<double>(info, groups, lengths),
            _ => throw new InvalidDataException(
                $"The file's tensors are {dtype.Value.HeaderName()}; SimdOpt steps F32 (float) or F64 (double)."),
        };
        TorchCheckpoint.Import(file, optimizer);
        return optimizer;
    }

    // The optimizer the caller names, or the one a SimdOpt export names itself; both must agree.
    private static OptimizerInfo Optimizer(SafetensorsFile file, string? optimizerName)
    {
        string? exported = null;
        if (file.Metadata.TryGetValue(TorchNames.SimdOpt, out string? text))
        {
            try
            {
                using var entry = JsonDocument.Parse(text);
                if (entry.RootElement.ValueKind == JsonValueKind.Object
                    && entry.RootElement.TryGetProperty("optimizer", out var name)
                    && name.ValueKind == JsonValueKind.String)
                    exported = name.GetString();
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"The file's simdopt entry is not valid JSON ({e.Message})", e);
            }
        }
        if (optimizerName is not null && exported is not null
            && !string.Equals(optimizerName, exported, StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException(
                $"The file was exported from SimdOpt's '{exported}', not '{optimizerName}'.", nameof(optimizerName));
        string chosen = optimizerName ?? exported ?? throw new ArgumentException(
            "torch does not record which optimizer wrote a state_dict; name it (one of "
            + $"{TorchOptimizerLayout.Supported}).", nameof(optimizerName));
        if (!OptimizerRegistry.TryGet(chosen, out var info))
            throw new ArgumentException(
                $"There is no optimizer '{chosen}'; torch checkpoints exist for {TorchOptimizerLayout.Supported}.",
                nameof(optimizerName));
        return info;
    }

    // The tensor indices of each group, which torch numbers 0, 1, ... over the groups in order.
    private static int[][] Groups(SafetensorsFile file)
    {
        if (!file.Metadata.TryGetValue(TorchNames.ParamGroups, out string? text))
            throw new InvalidDataException(
                "The file's __metadata__ has no 'param_groups': it is not a torch optimizer state_dict.");
        try
        {
            using var json = JsonDocument.Parse(text);
            var groups = new List<int[]>();
            int next = 0;
            foreach (var group in json.RootElement.EnumerateArray())
            {
                int[] indices = [.. group.GetProperty("params").EnumerateArray().Select(i => i.GetInt32())];
                for (int i = 0; i < indices.Length; i++)
                    if (indices[i] != next++)
                        throw new InvalidDataException(Invariant(
                            $"param_groups[{groups.Count}].params is {group.GetProperty("params").GetRawText()}; ")
                            + "torch numbers the tensors 0, 1, ... over the groups in order.");
                groups.Add(indices);
            }
            return [.. groups];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException
            or FormatException)
        {
            throw new InvalidDataException(
                $"The file's param_groups is not a list of groups with their params ({e.Message})", e);
        }
    }

    private static Optimizer<T> Build<T>(OptimizerInfo info, int[][] groups, int[] lengths)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var optimizer = new Optimizer<T>(info.Create());
        foreach (int[] group in groups)
            optimizer.AddGroup(group.Select(i => new Parameter<T>(new T[lengths[i]], new T[lengths[i]])));
        return optimizer;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
