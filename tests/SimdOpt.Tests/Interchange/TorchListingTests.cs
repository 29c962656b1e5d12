using System.Text.Json;
using SimdOpt.Kernels;
using SimdOpt.Tests.Training;
using SimdOpt.Training;
using SimdOpt.Training.Interchange;

namespace SimdOpt.Tests.Interchange;

/// <summary>
/// For every torch.optim optimizer SimdOpt ships, an export after 10 steps holds exactly the state_dict torch 1.13 held
/// after 10 steps of the same optimizer (TorchFiles/state_dict_listing.json): the same state keys, shapes and dtypes,
/// and the same param_groups, key for key and value for value.
/// </summary>
public class TorchListingTests
{
    public static TheoryData<string> Cases()
    {
        using var listing = TorchFiles.Json("state_dict_listing.json");
        return new TheoryData<string>(listing.RootElement.GetProperty("cases").EnumerateArray()
            .Select(c => c.GetProperty("case").GetString()!));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void An_export_after_10_steps_has_torchs_state_keys_shapes_dtypes_and_param_groups(string name)
    {
        using var listing = TorchFiles.Json("state_dict_listing.json");
        var torch = listing.RootElement.GetProperty("cases").EnumerateArray()
            .Single(c => c.GetProperty("case").GetString() == name);
        var hyperparameters = OptimizerRegistry.Get(torch.GetProperty("simdopt").GetString()!).Create();
        foreach (var setting in torch.GetProperty("settings").EnumerateObject())
        {
            if (setting.Value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                hyperparameters.SetFlag(setting.Name, setting.Value.GetBoolean());
            else hyperparameters.SetHyperparameter(setting.Name, setting.Value.GetDouble());
        }
        int[] lengths = [.. torch.GetProperty("lengths").EnumerateArray().Select(l => l.GetInt32())];
        var fixture = new TrainingFixture<float>(11, lengths);
        var optimizer = new Optimizer<float>(hyperparameters, fixture.Parameters());
        for (int step = 0; step < 10; step++)
        {
            fixture.ComputeGradients(step);
            optimizer.Step();
        }

        var file = TorchCheckpoint.Export(optimizer);

        var expected = torch.GetProperty("state").EnumerateObject()
            .Where(entry => !entry.Value.TryGetProperty("python", out var type) || type.GetString() != "None")
            .ToDictionary(entry => entry.Name, entry => Describe(entry.Value));
        var actual = file.Tensors.ToDictionary(t => t.Key,
            t => t.Value.Dtype.ToString() + " " + t.Value.ShapeText);
        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal),
            actual.OrderBy(p => p.Key, StringComparer.Ordinal));

        using var groups = JsonDocument.Parse(file.Metadata["param_groups"]);
        AssertSameJson(torch.GetProperty("param_groups"), groups.RootElement, "param_groups");
    }

    [Fact]
    public void The_listing_covers_every_optimizer_with_a_torch_layout_and_no_other()
    {
        using var listing = TorchFiles.Json("state_dict_listing.json");
        Assert.Equal("1.13.0a0", listing.RootElement.GetProperty("torch").GetString());
        var listed = listing.RootElement.GetProperty("cases").EnumerateArray()
            .Select(c => (c.GetProperty("simdopt").GetString()!, c.GetProperty("torch").GetString()!))
            .Distinct().Order();
        Assert.Equal(TorchOptimizerLayout.All.Select(l => (l.Name, l.TorchName)).Order(), listed);
    }

    [Fact]
    public void Every_layout_maps_each_hyperparameter_and_flag_of_its_optimizer_exactly_once()
    {
        foreach (var layout in TorchOptimizerLayout.All)
        {
            var info = OptimizerRegistry.Get(layout.Name);
            Assert.Same(layout, TorchOptimizerLayout.Of(info));
            var mapped = layout.Keys.SelectMany(k => k.Names).Order(StringComparer.Ordinal);
            var declared = info.Hyperparameters.Select(h => h.Name).Concat(info.Flags.Select(f => f.Name))
                .Order(StringComparer.Ordinal);
            Assert.Equal(declared, mapped);
            Assert.All(layout.Keys.Where(k => k.IsFlag), k => Assert.Contains(info.Flags, f => f.Name == k.Names[0]));
        }
    }

    [Fact]
    public void A_shipped_optimizer_without_a_torch_layout_is_refused_by_export_and_import_naming_it()
    {
        var without = OptimizerRegistry.All
            .Where(i => i.Type.Assembly == typeof(Optimizer).Assembly && TorchOptimizerLayout.Of(i) is null).ToArray();
        Assert.Contains(without, i => i.Name == "lion");
        foreach (var info in without)
        {
            var optimizer = new Optimizer<float>(info.Create(), [new Parameter<float>(new float[3], new float[3])]);
            var export = Assert.Throws<ArgumentException>(() => TorchCheckpoint.Export(optimizer));
            Assert.Equal("optimizer", export.ParamName);
            Assert.StartsWith($"Optimizer '{info.Name}' has no torch.optim counterpart; torch checkpoints exist for "
                + "sgd, adagrad", export.Message);
            var file = new SafetensorsFile(new Dictionary<string, SafetensorsTensor>());
            Assert.Equal("optimizer",
                Assert.Throws<ArgumentException>(() => TorchCheckpoint.Import(file, optimizer)).ParamName);
        }
    }

    // torch's tensor description as the export's: "F32 [5]"; a Python int step is a 0-dimensional I64 tensor.
    private static string Describe(JsonElement entry) =>
        entry.TryGetProperty("python", out var type)
            ? (type.GetString() == "int" ? "I64 []" : "Python " + type.GetString())
            : entry.GetProperty("dtype").GetString() + " ["
                + string.Join(", ", entry.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64())) + "]";

    // The same JSON value: objects with the same keys (in any order), numbers equal as doubles.
    private static void AssertSameJson(JsonElement expected, JsonElement actual, string path)
    {
        if (expected.ValueKind == JsonValueKind.Number)
        {
            Assert.True(actual.ValueKind == JsonValueKind.Number, $"{path}: {actual.GetRawText()}, expected a number");
            Assert.True(expected.GetDouble() == actual.GetDouble(),
                $"{path}: {actual.GetRawText()}, expected {expected.GetRawText()}");
            return;
        }
        Assert.True(expected.ValueKind == actual.ValueKind,
            $"{path}: {actual.GetRawText()}, expected {expected.GetRawText()}");
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                Assert.Equal(expected.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal),
                    actual.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
                foreach (var property in expected.EnumerateObject())
                    AssertSameJson(property.Value, actual.GetProperty(property.Name), path + "." + property.Name);
                break;
            case JsonValueKind.Array:
                Assert.Equal(expected.GetArrayLength(), actual.GetArrayLength());
                for (int i = 0; i < expected.GetArrayLength(); i++)
                    AssertSameJson(expected[i], actual[i], $"{path}[{i}]");
                break;
            case JsonValueKind.String:
                Assert.Equal(expected.GetString(), actual.GetString());
                break;
        }
    }
}
