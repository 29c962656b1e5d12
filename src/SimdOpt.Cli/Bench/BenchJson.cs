using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Json;
using SimdOpt.Kernels;

namespace SimdOpt.Cli.Bench;

/// <summary>The machine-readable form of a benchmark: the machine, then one object per measurement.</summary>
internal static class BenchJson
{
    /// <summary>Writes <paramref name="measurements"/> as one indented JSON document.</summary>
    public static void Write(IReadOnlyList<BenchMeasurement> measurements, TextWriter output) =>
        WriteDocument(measurements, output, static (json, m) =>
        {
            json.WriteString("optimizer", m.Optimizer);
            json.WriteNumber("elements", m.Elements);
            json.WriteString("path", m.Path.ToString());
            json.WriteNumber("threads", m.Threads);
            json.WriteNumber("bytesPerElement", m.BytesPerElement);
            json.WriteNumber("nsPerElement", m.NanosecondsPerElement);
            json.WriteNumber("gbPerSecond", m.GigabytesPerSecond);
            json.WriteNumber("steps", m.Steps);
        });

    /// <summary>
    /// Writes the document every bench prints with <c>--json</c>: the machine, the element type, and a <c>results</c>
    /// array of one object per measurement, whose fields <paramref name="writeFields"/> writes.
    /// </summary>
    public static void WriteDocument<TMeasurement>(IReadOnlyList<TMeasurement> measurements, TextWriter output,
        Action<Utf8JsonWriter, TMeasurement> writeFields)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            WriteMachine(json);
            json.WriteString("elementType", "float32");
            json.WriteStartArray("results");
            foreach (var measurement in measurements)
            {
                json.WriteStartObject();
                writeFields(json, measurement);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    // The machine object: OS, architecture, runtime, cores, the accelerated vector widths and the path Auto takes.
    private static void WriteMachine(Utf8JsonWriter json)
    {
        json.WriteStartObject("machine");
        json.WriteString("os", RuntimeInformation.OSDescription);
        json.WriteString("architecture", RuntimeInformation.ProcessArchitecture.ToString());
        json.WriteString("runtime", RuntimeInformation.FrameworkDescription);
        json.WriteNumber("processors", Environment.ProcessorCount);
        json.WriteBoolean("vector512", Vector512.IsHardwareAccelerated);
        json.WriteBoolean("vector256", Vector256.IsHardwareAccelerated);
        json.WriteBoolean("vector128", Vector128.IsHardwareAccelerated);
        json.WriteNumber("vectorTBits", Vector<byte>.Count * 8);
        json.WriteString("autoPath", KernelPaths.Widest.ToString());
        json.WriteEndObject();
    }
}
