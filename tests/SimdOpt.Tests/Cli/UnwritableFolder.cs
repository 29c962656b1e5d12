namespace SimdOpt.Tests.Cli;

/// <summary>
/// A folder in which no file can be created: a fresh folder with mode r-x, or, where permissions do not bind (root),
/// sysfs's root, in which not even root may create a file.
/// </summary>
internal sealed class UnwritableFolder : IDisposable
{
    private readonly string? _created;

    public UnwritableFolder()
    {
        _created = Directory.CreateTempSubdirectory("simdopt-unwritable-").FullName;
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_created, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        Path = CanCreateFileIn(_created) ? "/sys" : _created;
        Assert.False(CanCreateFileIn(Path), $"no folder found in which files cannot be created (tried {_created} and /sys)");
    }

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>The files in the folder, to check that nothing was left there.</summary>
    public string[] Files => Directory.GetFiles(Path);

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_created is null) return;
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_created, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.Delete(_created, recursive: true);
    }

    private static bool CanCreateFileIn(string folder)
    {
        string probe = System.IO.Path.Combine(folder, ".probe-" + Guid.NewGuid().ToString("N"));
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
