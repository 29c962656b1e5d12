using SimdOpt.Mpi.Ranks;

namespace SimdOpt.Mpi.Tests;

public sealed class CheckpointTests : IDisposable
{
    private readonly TemporaryDirectory _checkpoint = new();

    public void Dispose() => _checkpoint.Dispose();

    [Theory]
    [InlineData(2, 3)]
    [InlineData(3, 2)]
    [InlineData(4, 1)]
    public void A_checkpoint_of_some_ranks_resumes_on_another_number_with_the_bits_of_one_process(int saved, int loaded)
    {
        Save(saved, steps: 4);

        var differences = new string?[loaded];
        InProcessRanks.Run(loaded, world =>
        {
            var (optimizer, p) = Create(world);
            optimizer.Load(_checkpoint.Path, p);
            Assert.Equal(3, optimizer.StepCount); // step 3 was skipped
            Trajectory<float>.StepSharded(optimizer, p, 5, 3, GradientReduction.None);
            differences[world.Rank] = Trajectory<float>.Compare(optimizer, p, Trajectory<float>.OneProcess(7, 0));
        });

        Assert.All(differences, Assert.Null);
        Assert.True(File.Exists(Path.Combine(_checkpoint.Path, $"rank-{saved - 1}-of-{saved}.bin")));
    }

    [Fact]
    public void Loading_restores_the_saved_hyperparameters()
    {
        InProcessRanks.Run(2, world =>
        {
            var (optimizer, p) = Create(world);
            optimizer.Hyperparameters.SetHyperparameter("lr", 0.125);
            optimizer.Hyperparameters.SetFlag("amsgrad", true);
            optimizer.Save(_checkpoint.Path, p);
        });
        InProcessRanks.Run(2, world =>
        {
            var (optimizer, p) = Create(world);
            optimizer.Load(_checkpoint.Path, p);
            Assert.Equal(0.125, optimizer.Hyperparameters.GetHyperparameter("lr"));
            Assert.True(optimizer.Hyperparameters.GetFlag("amsgrad"));
        });
    }

    public static TheoryData<string, string, string> CorruptManifests => new()
    {
        { "not JSON", "{ \"format\": ", "is not a valid manifest" },
        { "another format", "\"simdopt-sharded-checkpoint\"|\"zip\"", "is not a SimdOpt sharded checkpoint" },
        { "another version", "\"version\": 1|\"version\": 9", "has version 9" },
        { "another optimizer", "\"adamw\"|\"lion\"", "was saved by optimizer 'lion'" },
        { "another layout", "70000|70001", "was saved for tensors of lengths [70001" },
        { "a gap between shards", "\"start\": 0|\"start\": 1", "out of order, overlapping or with a gap" },
        { "a path for a file", "\"rank-1-of-2.bin\"|\"../rank-1-of-2.bin\"", "not a file name inside" },
        { "an impossible lr", "\"lr\": 0.01|\"lr\": -1", "an impossible 'lr'" },
        { "a missing flag", "\"amsgrad\": false,|", "has no flag 'amsgrad'" },
        { "a negative step count", "\"stepCount\": 2|\"stepCount\": -2", "impossible step counts" },
    };

    [Theory]
    [MemberData(nameof(CorruptManifests))]
    public void A_corrupt_manifest_is_refused_on_every_rank_and_nothing_changes(string what, string edit,
        string message)
    {
        Save(2, steps: 2);
        string path = Path.Combine(_checkpoint.Path, "manifest.json");
        string json = File.ReadAllText(path);
        string[] parts = edit.Split('|');
        string corrupt = parts.Length == 1 ? parts[0] : json.Replace(parts[0], parts[1], StringComparison.Ordinal);
        Assert.NotEqual(json, corrupt);
        File.WriteAllText(path, corrupt);

        AssertRefused(what, message);
    }

    [Fact]
    public void A_corrupt_rank_file_is_refused_on_every_rank_and_nothing_changes()
    {
        Save(2, steps: 2);
        string path = Path.Combine(_checkpoint.Path, "rank-1-of-2.bin");
        var bytes = File.ReadAllBytes(path);
        bytes[1000] ^= 1;
        File.WriteAllBytes(path, bytes);

        AssertRefused("a flipped bit", "is corrupt or from another checkpoint");
    }

    [Fact]
    public void A_missing_rank_file_or_manifest_is_refused()
    {
        Save(2, steps: 2);
        File.Delete(Path.Combine(_checkpoint.Path, "rank-0-of-2.bin"));
        AssertRefused("a missing rank file", "is missing");
        File.Delete(Path.Combine(_checkpoint.Path, "manifest.json"));
        AssertRefused("no manifest", "There is no checkpoint manifest");
    }

    // Loading into 3 fresh ranks throws on every rank (the rank that read the bad part says why), and no rank's
    // parameters, step count or state changed.
    private void AssertRefused(string what, string message)
    {
        var errors = new Exception?[3];
        InProcessRanks.Run(3, world =>
        {
            var (optimizer, p) = Create(world);
            Trajectory<float>.StepSharded(optimizer, p, 1, 1, GradientReduction.None);
            var before = (Parameters: p.ToArray(), State: optimizer.Buffer("exp_avg").ToArray());
            errors[world.Rank] = Record.Exception(() => optimizer.Load(_checkpoint.Path, p));
            Assert.Equal(before.Parameters, p);
            Assert.Equal(before.State, optimizer.Buffer("exp_avg").ToArray());
            Assert.Equal(1, optimizer.StepCount);
        });

        Assert.All(errors, e => Assert.IsType<InvalidDataException>(e));
        Assert.True(errors.Any(e => e!.Message.Contains(message, StringComparison.Ordinal)),
            $"{what}: no rank said '{message}': {string.Join(" | ", errors.Select(e => e!.Message))}");
    }

    private void Save(int ranks, int steps) => InProcessRanks.Run(ranks, world =>
    {
        var (optimizer, p) = Create(world);
        Trajectory<float>.StepSharded(optimizer, p, 1, steps, GradientReduction.None);
        optimizer.Save(_checkpoint.Path, p);
    });

    private static (ShardedOptimizer<float> Optimizer, float[] Parameters) Create(IRankCommunicator world) =>
        (new ShardedOptimizer<float>(Trajectory<float>.Hyperparameters(), Trajectory<float>.TensorLengths, world),
            Trajectory<float>.InitialParameters());
}
