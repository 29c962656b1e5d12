using SimdOpt.Averaging;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training.Averaging;

/// <summary>The average's checkpoint: a round trip resumes bit for bit; a file that is truncated, corrupt or made
/// for another average is refused with the problem named, and nothing changes.</summary>
public sealed class AveragedCheckpointTests
{
    private static readonly int[] Lengths = [40, 7];

    private static void Fill(float[][] parameters, int update)
    {
        for (int k = 0; k < parameters.Length; k++)
            for (int i = 0; i < parameters[k].Length; i++) parameters[k][i] = MathF.Sin(0.3f * update + i + 7 * k);
    }

    private static (float[][] Parameters, AveragedParameters<float> Average) Averaged(Ema rule, int updates)
    {
        float[][] parameters = Lengths.Select(n => new float[n]).ToArray();
        Fill(parameters, 0);
        var average = new AveragedParameters<float>(parameters.Select(p => (Memory<float>)p), rule);
        for (int u = 1; u <= updates; u++)
        {
            Fill(parameters, u);
            average.Update();
        }
        return (parameters, average);
    }

    private static byte[] Saved(AveragedParameters<float> average)
    {
        using var stream = new MemoryStream();
        average.Save(stream);
        return stream.ToArray();
    }

    private static string Snapshot(AveragedParameters<float> average) =>
        $"{average.AveragedCount} {average.Rule.GetHyperparameter("decay"):R}: "
        + string.Join(";", Enumerable.Range(0, average.TensorCount).Select(k =>
            string.Join(",", average.GetAverage(k).ToArray().Select(BitConverter.SingleToInt32Bits))));

    [Fact]
    public void Loading_and_going_on_gives_the_bits_of_never_stopping()
    {
        string directory = Directory.CreateTempSubdirectory("simdopt-average-").FullName;
        try
        {
            string path = Path.Combine(directory, "ema.avg");
            var rule = new Ema(decay: 0.95, useWarmup: true, updateAfterStep: 2);
            var (parameters, average) = Averaged(rule, updates: 10);
            average.SaveFile(path);
            for (int u = 11; u <= 20; u++)
            {
                Fill(parameters, u);
                average.Update();
            }

            // Another process: the same parameters, another decay, no updates; the file restores all of it.
            var (resumedParameters, resumed) = Averaged(new Ema(decay: 0.5), updates: 0);
            resumed.LoadFile(path);
            Assert.Equal(10, resumed.AveragedCount);
            Assert.Equal(0.95, ((Ema)resumed.Rule).Decay);
            Assert.True(((Ema)resumed.Rule).UseWarmup);
            Assert.Equal(2, ((Ema)resumed.Rule).UpdateAfterStep);
            for (int u = 11; u <= 20; u++)
            {
                Fill(resumedParameters, u);
                resumed.Update();
            }
            Assert.Equal(Snapshot(average), Snapshot(resumed));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    public static TheoryData<string, string> Corruptions => new()
    {
        { "magic", "This is not a SimdOpt average: it does not start with the bytes \"SIMDAVG\\0\"." },
        { "version", "The average has format version 7; this library reads version 1." },
        { "crc", "The checkpoint is corrupt: its stored CRC-32 is" },
        { "truncated", "The checkpoint ends early" },
        { "trailing", "The checkpoint is corrupt: more bytes follow its checksum" },
        { "count", "The average is corrupt: it counts -3 updates." },
        { "decay", "The average's rule holds an invalid hyperparameter: Hyperparameter 'decay' must lie in [0, 1]" },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void A_damaged_checkpoint_is_refused_naming_the_problem_and_nothing_changes(string damage, string message)
    {
        var (_, source) = Averaged(new Ema(decay: 0.9), updates: 4);
        byte[] bytes = Saved(source);
        // After the count of updates come the tensor count and each tensor's length and elements, then the CRC.
        int countAt = bytes.Length - 4 - Lengths.Sum(n => 4 + 4 * n) - 4 - 8;
        int decayAt = countAt - 1 - 5 * 8;   // five hyperparameters, decay first, then one flag
        switch (damage)
        {
            case "magic": bytes[3] ^= 1; break;
            case "version": BitConverter.GetBytes(7).CopyTo(bytes, 8); break;
            case "crc": bytes[bytes.Length / 2] ^= 0x10; break;
            case "truncated": bytes = bytes[..^9]; break;
            case "trailing": bytes = [.. bytes, 0]; break;
            case "count":
                BitConverter.GetBytes(-3L).CopyTo(bytes, countAt);
                CheckpointBytes.FixCrc(bytes);
                break;
            case "decay":
                BitConverter.GetBytes(2.0).CopyTo(bytes, decayAt);
                CheckpointBytes.FixCrc(bytes);
                break;
        }

        var (_, target) = Averaged(new Ema(decay: 0.8), updates: 2);
        string before = Snapshot(target);
        var refused = Assert.Throws<InvalidDataException>(() => target.Load(new MemoryStream(bytes)));
        Assert.StartsWith(message, refused.Message);
        Assert.Equal(before, Snapshot(target));
    }

    [Fact]
    public void A_checkpoint_of_another_rule_element_type_or_tensor_layout_is_refused()
    {
        var (_, source) = Averaged(new Ema(decay: 0.9), updates: 3);
        byte[] bytes = Saved(source);

        var swa = new AveragedParameters<float>(Lengths.Select(n => (Memory<float>)new float[n]), new Swa());
        Assert.StartsWith("The average was saved with rule 'ema', but this one averages with 'swa'.",
            Assert.Throws<InvalidDataException>(() => swa.Load(new MemoryStream(bytes))).Message);
        Assert.Equal(0, swa.AveragedCount);

        var doubles = new AveragedParameters<double>(Lengths.Select(n => (Memory<double>)new double[n]), new Ema());
        Assert.StartsWith("The average holds 4-byte elements, but this one holds Double.",
            Assert.Throws<InvalidDataException>(() => doubles.Load(new MemoryStream(bytes))).Message);

        var fewer = new AveragedParameters<float>([new float[40]], new Ema());
        Assert.StartsWith("The average's checkpoint has 2 tensors, but this one has 1.",
            Assert.Throws<InvalidDataException>(() => fewer.Load(new MemoryStream(bytes))).Message);

        var shorter = new AveragedParameters<float>([new float[40], new float[8]], new Ema());
        Assert.StartsWith("Tensor 1 has 7 elements in the checkpoint, but 8 here.",
            Assert.Throws<InvalidDataException>(() => shorter.Load(new MemoryStream(bytes))).Message);
        Assert.Equal(0, shorter.AveragedCount);
    }

    [Fact]
    public void Files_are_refused_as_the_optimizers_checkpoint_files_are()
    {
        var (_, average) = Averaged(new Ema(), updates: 1);
        string directory = Directory.CreateTempSubdirectory("simdopt-average-").FullName;
        try
        {
            Assert.Throws<FileNotFoundException>(() => average.LoadFile(Path.Combine(directory, "missing.avg")));
            Assert.Throws<IOException>(() => average.LoadFile(directory));
            Assert.Throws<ArgumentException>(() => average.SaveFile(""));
            Assert.Empty(Directory.EnumerateFileSystemEntries(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
