using SimdOpt.Optimizers;
using SimdOpt.Tests.Cli;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training;

/// <summary>Checkpoint files: temporaries a crashed save left are cleaned up, and file-system failures are the
/// documented IOException.</summary>
public class CheckpointFileTests
{
    private static Optimizer<float> Optimizer() => new(new Adam(), [new Parameter<float>(new float[4], new float[4])]);

    [Fact]
    public void A_save_deletes_the_temporaries_crashed_saves_of_the_same_target_left()
    {
        using var folder = new Golden.TemporaryFolder();
        string target = Path.Combine(folder.Path, "model.ckpt");
        // As SaveFile names them; a kill -9 leaves them behind.
        string[] stale = [.. Enumerable.Range(0, 3).Select(_ => folder.Write(".model.ckpt." + Guid.NewGuid().ToString("N") + ".tmp", "half a checkpoint"))];
        string[] others =
        [
            folder.Write(".other.ckpt." + Guid.NewGuid().ToString("N") + ".tmp", "another target's"),
            folder.Write(".model.ckpt.notaguid.tmp", "not a temporary of ours"),
            folder.Write("model.ckpt.bak", "a user's file"),
        ];
        // A save in progress holds its temporary locked: it is not stale.
        string inProgress = folder.Write(".model.ckpt." + Guid.NewGuid().ToString("N") + ".tmp", "");
        using (new FileStream(inProgress, FileMode.Open, FileAccess.Write, FileShare.None))
            Checkpoint.SaveFile(target, Optimizer());

        Assert.Equal(others.Append(inProgress).Append(target).Order(StringComparer.Ordinal), Directory.GetFiles(folder.Path).Order(StringComparer.Ordinal));
        Checkpoint.LoadFile(target, Optimizer());
    }

    [Fact]
    public void Loading_a_folder_is_an_io_exception_naming_it()
    {
        using var folder = new Golden.TemporaryFolder();
        var error = Assert.Throws<IOException>(() => Checkpoint.LoadFile(folder.Path, Optimizer()));
        Assert.Contains("is a folder, not a checkpoint file", error.Message);
    }

    [Fact]
    public void Saving_into_a_folder_that_cannot_be_written_is_an_io_exception()
    {
        using var folder = new UnwritableFolder();
        string[] before = folder.Files;
        var error = Assert.ThrowsAny<IOException>(() => Checkpoint.SaveFile(Path.Combine(folder.Path, "model.ckpt"), Optimizer()));
        Assert.Contains("model.ckpt", error.Message);
        Assert.Equal(before, folder.Files);
    }
}
