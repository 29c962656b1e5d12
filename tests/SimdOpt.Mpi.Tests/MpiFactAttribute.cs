using System.Runtime.InteropServices;

namespace SimdOpt.Mpi.Tests;

/// <summary>A test that needs Open MPI: skipped, saying exactly what is missing, on a machine without
/// <c>mpirun</c> on the PATH or without Open MPI's <c>libmpi</c> (.ci/run installs both).</summary>
public sealed class MpiFactAttribute : FactAttribute
{
    /// <summary>Why MPI tests cannot run here, or null when they can.</summary>
    public static readonly string? Missing = FindMissing();

    public MpiFactAttribute()
    {
        if (Missing is not null) Skip = Missing;
    }

    /// <summary>The full path of mpirun.</summary>
    public static string MpiRun => Find("mpirun")!;

    private static string? FindMissing()
    {
        if (Find("mpirun") is null)
            return "mpirun is not on the PATH: install Open MPI (apt-get install openmpi-bin libopenmpi-dev) "
                + "to run the MPI tests.";
        foreach (string name in new[] { "libmpi.so.40", "libmpi.so" })
            if (NativeLibrary.TryLoad(name, out _)) return null;
        return "mpirun is installed but Open MPI's libmpi.so.40 does not load: install libopenmpi-dev "
            + "(apt-get install openmpi-bin libopenmpi-dev) or put its folder on LD_LIBRARY_PATH.";
    }

    private static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, program)).FirstOrDefault(File.Exists);
}
