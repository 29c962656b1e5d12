using System.Diagnostics;
using System.Globalization;

namespace SimdOpt.Mpi.Tests;

/// <summary>
/// The same trajectory as the in-process tests, stepped by real MPI ranks: <c>mpirun -np N</c> starts
/// SimdOpt.Mpi.Ranks, each rank steps its shard through <see cref="MpiCommunicator"/> and compares every bit of the
/// parameters and of its state with one process stepping the whole buffer, and prints its verdict.
/// </summary>
public sealed class MpiRunTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [MpiFact]
    public void Two_ranks_have_the_bits_of_one_process() =>
        AssertEveryRank(2, "6 steps (none): same bits as one process", "check", "6", "none");

    [MpiFact]
    public void Four_ranks_averaging_their_gradients_have_the_bits_of_one_process() =>
        AssertEveryRank(4, "6 steps (mean): same bits as one process", "check", "6", "mean");

    [MpiFact]
    public void Three_ranks_driven_by_a_growing_and_backing_off_scaler_have_the_bits_of_one_process() =>
        AssertEveryRank(3, "6 steps (mean, loss scale 2000): same bits as one process", "check", "6", "mean", "scaler");

    [MpiFact]
    public void A_checkpoint_of_two_ranks_resumes_on_four()
    {
        AssertEveryRank(2, "saved 4 steps", "save", _directory.Path, "4");
        AssertEveryRank(4, "after 4 steps, 3 more: same bits as one process", "resume", _directory.Path, "4", "3");
    }

    // Runs the rank program under mpirun and checks that every rank printed the verdict and the job succeeded.
    private static void AssertEveryRank(int ranks, string verdict, params string[] arguments)
    {
        var start = new ProcessStartInfo(MpiFactAttribute.MpiRun)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The machines CI runs on have two cores and run as root: more ranks than cores, and root allowed.
        foreach (string a in new[] { "--allow-run-as-root", "--oversubscribe", "-np",
            ranks.ToString(CultureInfo.InvariantCulture), Environment.GetEnvironmentVariable("DOTNET_HOST_PATH")
            ?? "dotnet", Path.Combine(AppContext.BaseDirectory, "SimdOpt.Mpi.Ranks.dll") })
            start.ArgumentList.Add(a);
        foreach (string a in arguments) start.ArgumentList.Add(a);
        start.Environment["TERM"] = "dumb";

        using var job = Process.Start(start)!;
        var output = job.StandardOutput.ReadToEndAsync();
        var errors = job.StandardError.ReadToEndAsync();
        if (!job.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            job.Kill(entireProcessTree: true);
            Assert.Fail($"mpirun -np {ranks} {string.Join(' ', arguments)} did not finish in 3 minutes.");
        }
        string log = output.Result + errors.Result;
        Assert.True(job.ExitCode == 0, $"mpirun exited with {job.ExitCode}:\n{log}");
        for (int r = 0; r < ranks; r++)
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"rank {r} of {ranks}: "), log);
        Assert.Equal(ranks, log.Split('\n').Count(line => line.Contains(verdict, StringComparison.Ordinal)));
    }
}
