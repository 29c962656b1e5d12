namespace SimdOpt.Tests.Golden;

/// <summary>A folder of case files written for one test, deleted afterwards.</summary>
internal sealed class TemporaryFolder : IDisposable
{
    /// <summary>Creates an empty folder under the system's temporary folder.</summary>
    public TemporaryFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "simdopt-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>Writes <paramref name="text"/> to the file <paramref name="name"/> in the folder and returns its
    /// path.</summary>
    /// <param name="name">The file's name.</param>
    /// <param name="text">Its content.</param>
    public string Write(string name, string text)
    {
        string file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, text);
        return file;
    }

    /// <inheritdoc/>
    public void Dispose() => Directory.Delete(Path, recursive: true);
}
