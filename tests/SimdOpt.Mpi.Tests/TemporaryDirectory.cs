namespace SimdOpt.Mpi.Tests;

/// <summary>A fresh directory path under the system's temporary folder, deleted with everything in it on
/// disposal.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    /// <summary>The directory's path (not created: a checkpoint save creates it).</summary>
    public string Path { get; } =
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), "simdopt-mpi-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
