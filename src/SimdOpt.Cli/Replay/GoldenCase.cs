using System.Text.Json;

namespace SimdOpt.Cli.Replay;

/// <summary>
/// One golden trajectory in the format of <c>shared/golden/README.md</c>: an optimizer, its hyperparameters,
/// the starting parameters, one gradient per step and the parameters expected after each step.
/// </summary>
internal sealed record GoldenCase(
    string Optimizer,
    IReadOnlyDictionary<string, JsonElement> Hyperparameters,
    string DType,
    double[] Params,
    double[][] Grads,
    double[][] Expected)
{
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
            var parameters = Vector(Property(root, "params", JsonValueKind.Array), "params");
            var grads = Matrix(Property(root, "grads", JsonValueKind.Array), "grads");
            var expected = Matrix(Property(root, "expected", JsonValueKind.Array), "expected");
            return new GoldenCase(optimizer, hyperparameters, dtype, parameters, grads, expected);
        }
    }

    /// <summary>Checks the shapes: at least one parameter and one step, as many expected rows as gradients, every row
    /// as long as the parameters.</summary>
    public void CheckShapes()
    {
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

/// <summary>A golden case that cannot be run as written.</summary>
internal sealed class GoldenFormatException(string message) : Exception(message);
