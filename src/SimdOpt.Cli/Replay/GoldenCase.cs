using System.Text.Json;

namespace SimdOpt.Cli.Replay;

/// <summary>
/// One golden trajectory in the format of <c>shared/golden/README.md</c>: an optimizer, its hyperparameters,
/// the starting parameters, one gradient per step and the parameters expected after each step. A case of several
/// tensors (LAMB's global gradient norm) has instead a <c>"tensors"</c> list, each tensor with its
/// <c>"group"</c> (0 unless given), <c>"params"</c>, <c>"grads"</c> and <c>"expected"</c>, and an optional
/// <c>"groups"</c> list of each group's own hyperparameters over the case's; <see cref="Params"/>,
/// <see cref="Grads"/> and <see cref="Expected"/> are then empty.
/// </summary>
internal sealed record GoldenCase(
    string Optimizer,
    IReadOnlyDictionary<string, JsonElement> Hyperparameters,
    string DType,
    double[] Params,
    double[][] Grads,
    double[][] Expected)
{
    /// <summary>The tensors of a case of several tensors, in the order the replay adds them to their groups; null
    /// for a case of one.</summary>
    public GoldenTensor[]? Tensors { get; init; }

    /// <summary>Each parameter group's own hyperparameters, set over the case's (one empty group unless
    /// given).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> Groups { get; init; } =
        [new Dictionary<string, JsonElement>()];

    /// <summary>Reads a case, or throws <see cref="GoldenFormatException"/> saying what is wrong with it.</summary>
    public static GoldenCase Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new GoldenFormatException("malformed JSON: " + e.Message);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new GoldenFormatException("the case is not a JSON object");
            string optimizer = Property(root, "optimizer", JsonValueKind.String).GetString()!;
            var hyperparameters = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            if (root.TryGetProperty("hyperparameters", out var h))
            {
                if (h.ValueKind != JsonValueKind.Object)
                    throw new GoldenFormatException("'hyperparameters' is not an object");
                foreach (var pair in h.EnumerateObject()) hyperparameters[pair.Name] = pair.Value.Clone();
            }
            string dtype = root.TryGetProperty("dtype", out _)
                ? Property(root, "dtype", JsonValueKind.String).GetString()!
                : "float32";
            if (root.TryGetProperty("tensors", out _))
                return new GoldenCase(optimizer, hyperparameters, dtype, [], [], [])
                {
                    Tensors = TensorsOf(root),
                    Groups = GroupsOf(root),
                };
            var parameters = Vector(Property(root, "params", JsonValueKind.Array), "params");
            var grads = Matrix(Property(root, "grads", JsonValueKind.Array), "grads");
            var expected = Matrix(Property(root, "expected", JsonValueKind.Array), "expected");
            return new GoldenCase(optimizer, hyperparameters, dtype, parameters, grads, expected);
        }
    }

    private static GoldenTensor[] TensorsOf(JsonElement root)
    {
        foreach (string single in new[] { "params", "grads", "expected" })
            if (root.TryGetProperty(single, out _))
                throw new GoldenFormatException($"a case with 'tensors' has no '{single}' of its own");
        var tensors = new List<GoldenTensor>();
        foreach (var tensor in Property(root, "tensors", JsonValueKind.Array).EnumerateArray())
        {
            string at = $"tensors[{tensors.Count}]";
            if (tensor.ValueKind != JsonValueKind.Object) throw new GoldenFormatException($"'{at}' is not an object");
            int group = 0;
            if (tensor.TryGetProperty("group", out var g)
                && (g.ValueKind != JsonValueKind.Number || !g.TryGetInt32(out group) || group < 0))
                throw new GoldenFormatException($"'{at}.group' is not a group index, but {g.GetRawText()}");
            tensors.Add(new GoldenTensor(group,
                Vector(Property(tensor, "params", JsonValueKind.Array), at + ".params"),
                Matrix(Property(tensor, "grads", JsonValueKind.Array), at + ".grads"),
                Matrix(Property(tensor, "expected", JsonValueKind.Array), at + ".expected")));
        }
        return [.. tensors];
    }

    private static IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> GroupsOf(JsonElement root)
    {
        if (!root.TryGetProperty("groups", out _)) return [new Dictionary<string, JsonElement>()];
        var groups = new List<IReadOnlyDictionary<string, JsonElement>>();
        foreach (var group in Property(root, "groups", JsonValueKind.Array).EnumerateArray())
        {
            if (group.ValueKind != JsonValueKind.Object)
                throw new GoldenFormatException($"'groups[{groups.Count}]' is not an object");
            groups.Add(group.EnumerateObject().ToDictionary(pair => pair.Name, pair => pair.Value.Clone(),
                StringComparer.Ordinal));
        }
        return groups;
    }

    /// <summary>Checks the shapes: at least one parameter and one step, as many expected rows as gradients, every row
    /// as long as the parameters.</summary>
    public void CheckShapes()
    {
        if (Tensors is not null)
        {
            CheckTensorShapes(Tensors);
            return;
        }
        // A case without parameters or steps compares nothing, so it could only pass by checking nothing.
        if (Params.Length == 0)
            throw new GoldenFormatException("'params' is empty: a case needs at least one parameter");
        if (Grads.Length == 0) throw new GoldenFormatException("'grads' is empty: a case needs at least one step");
        if (Grads.Length != Expected.Length)
            throw new GoldenFormatException(
                $"mismatched lengths: {Grads.Length} gradients but {Expected.Length} expected steps");
        for (int step = 0; step < Grads.Length; step++)
        {
            if (Grads[step].Length != Params.Length)
                throw new GoldenFormatException($"mismatched lengths: gradient {step + 1} has {Grads[step].Length} "
                    + $"values, params has {Params.Length}");
            if (Expected[step].Length != Params.Length)
                throw new GoldenFormatException($"mismatched lengths: expected step {step + 1} has "
                    + $"{Expected[step].Length} values, params has {Params.Length}");
        }
    }

    // Every tensor as a case of its own, with its index in the messages; every tensor takes the same steps, and
    // belongs to a group the case has.
    private void CheckTensorShapes(GoldenTensor[] tensors)
    {
        if (tensors.Length == 0) throw new GoldenFormatException("'tensors' is empty: a case needs at least one");
        for (int t = 0; t < tensors.Length; t++)
        {
            var tensor = tensors[t];
            try
            {
                (this with { Tensors = null, Params = tensor.Params, Grads = tensor.Grads, Expected = tensor.Expected })
                    .CheckShapes();
            }
            catch (GoldenFormatException e)
            {
                throw new GoldenFormatException($"tensors[{t}]: {e.Message}");
            }
            if (tensor.Grads.Length != tensors[0].Grads.Length)
                throw new GoldenFormatException($"mismatched lengths: tensors[{t}] takes {tensor.Grads.Length} steps, "
                    + $"tensors[0] {tensors[0].Grads.Length}");
            if (tensor.Group >= Groups.Count)
                throw new GoldenFormatException($"tensors[{t}] is in group {tensor.Group}, but the case has "
                    + $"{Groups.Count} group(s)");
        }
    }

    private static JsonElement Property(JsonElement root, string name, JsonValueKind kind)
    {
        if (!root.TryGetProperty(name, out var value)) throw new GoldenFormatException($"missing '{name}'");
        if (value.ValueKind != kind)
            throw new GoldenFormatException($"'{name}' is not a JSON {kind.ToString().ToLowerInvariant()}");
        return value;
    }

    private static double[] Vector(JsonElement array, string what)
    {
        var values = new double[array.GetArrayLength()];
        int i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetDouble(out values[i]))
                throw new GoldenFormatException(
                    $"'{what}' holds {item.ValueKind.ToString().ToLowerInvariant()} at index {i}, not a number");
            // 1e400 reads as infinity, against which any error is within the relative tolerance.
            if (!double.IsFinite(values[i]))
                throw new GoldenFormatException(
                    $"'{what}' holds {item.GetRawText()} at index {i}, which is not finite in double precision");
            i++;
        }
        return values;
    }

    private static double[][] Matrix(JsonElement array, string what)
    {
        var rows = new double[array.GetArrayLength()][];
        int i = 0;
        foreach (var row in array.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Array)
                throw new GoldenFormatException($"'{what}' row {i} is not an array");
            rows[i] = Vector(row, $"{what}[{i}]");
            i++;
        }
        return rows;
    }
}

/// <summary>One tensor of a golden case of several: its group, starting parameters, one gradient per step and the
/// parameters expected after each step.</summary>
internal sealed record GoldenTensor(int Group, double[] Params, double[][] Grads, double[][] Expected);

/// <summary>A golden case that cannot be run as written.</summary>
internal sealed class GoldenFormatException(string message) : Exception(message);
