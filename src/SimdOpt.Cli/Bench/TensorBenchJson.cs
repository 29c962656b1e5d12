using System.Text.Json;

namespace SimdOpt.Cli.Bench;

/// <summary>The machine-readable form of <c>simdopt bench --tensors</c>: the machine (as <see cref="BenchJson"/>), then
/// one object per row.</summary>
internal static class TensorBenchJson
{
    /// <summary>Writes <paramref name="measurements"/> as one indented JSON document.</summary>
    public static void Write(IReadOnlyList<TensorMeasurement> measurements, TextWriter output) =>
        BenchJson.WriteDocument(measurements, output, static (json, m) =>
        {
            json.WriteString("optimizer", m.Optimizer);
            json.WriteString("layout", m.Layout.ToString());
            json.WriteNumber("count", m.Layout.Count);
            json.WriteNumber("size", m.Layout.Size);
            json.WriteString("memory", m.Memory.Label());
            json.WriteNumber("placements", m.Placements);
            json.WriteNumber("threads", m.Threads);
            json.WriteNumber("bytesPerElement", m.BytesPerElement);
            json.WriteNumber("msPerStep", m.MillisecondsPerStep);
            json.WriteNumber("nsPerElement", m.NanosecondsPerElement);
            json.WriteNumber("gbPerSecond", m.GigabytesPerSecond);
            json.WriteNumber("againstFirst", m.AgainstFirst);
            json.WriteNumber("steps", m.Steps);
        });
}
