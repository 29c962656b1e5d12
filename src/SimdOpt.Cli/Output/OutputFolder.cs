namespace SimdOpt.Cli.Output;

/// <summary>A folder a command writes its files to, made ready before the command spends any time.</summary>
internal static class OutputFolder
{
    /// <summary>
    /// Creates <paramref name="folder"/> if missing and proves that files can be created in it, by creating and
    /// deleting one: permission bits do not tell (root ignores them; an immutable folder or a read-only mount refuses
    /// anyway).
    /// </summary>
    /// <param name="folder">The folder.</param>
    /// <param name="option">The option that named it, for the message.</param>
    /// <exception cref="UsageException">The folder cannot be created or written.</exception>
    public static void Prepare(string folder, string option)
    {
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e)
            when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"{option}: cannot create the folder '{folder}': {e.Message}");
        }
        string probe = Path.Combine(folder, ".simdopt-write-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1,
                FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option}: cannot write files in the folder '{folder}': {e.Message}");
        }
    }
}
