using System.Text.Json;

namespace SimdOpt.Mpi;

/// <summary>
/// The manifest of a sharded checkpoint (<c>manifest.json</c>): what was saved (optimizer, element type, tensor
/// lengths), the step count and per-step state every rank shares, the hyperparameters and flags, and the shard of
/// every rank file with its CRC-32. JSON, so a person can read which ranks wrote what.
/// </summary>
internal sealed class ShardCheckpointManifest
{
    /// <summary>What <see cref="Format"/> holds in every manifest.</summary>
    public const string FormatName = "simdopt-sharded-checkpoint";

    /// <summary>The version of the manifest and rank files this library writes and reads.</summary>
    public const int CurrentVersion = 1;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
    };

    public string? Format { get; set; }

    public int Version { get; set; }

    public string? Optimizer { get; set; }

    public string? ElementType { get; set; }

    public int[]? TensorLengths { get; set; }

    public long StepCount { get; set; }

    public long StepsBeforeState { get; set; }

    public double[]? StepState { get; set; }

    public Dictionary<string, double>? Hyperparameters { get; set; }

    public Dictionary<string, bool>? Flags { get; set; }

    public ShardEntry[]? Shards { get; set; }

    /// <summary>One rank file.</summary>
    internal sealed class ShardEntry
    {
        public int Rank { get; set; }

        public int Start { get; set; }

        public int Length { get; set; }

        public string? File { get; set; }

        public uint Crc32 { get; set; }
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Parses a manifest; a malformed one is an <see cref="InvalidDataException"/>.</summary>
    public static ShardCheckpointManifest Parse(string json, string path)
    {
        try
        {
            return JsonSerializer.Deserialize<ShardCheckpointManifest>(json, Json)
                ?? throw new InvalidDataException($"The manifest {path} is empty (JSON null).");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The manifest {path} is not a valid manifest: {e.Message}", e);
        }
    }
}
