using System.Runtime.InteropServices;

namespace SimdOpt.Cli.Replay;

/// <summary>
/// Reads a case file as text, refusing what is not one: a FIFO would block the read forever and a device such as
/// <c>/dev/zero</c> never ends, so only regular files (or links to them) are read, and only up to
/// <see cref="MaxBytes"/>.
/// </summary>
internal static class CaseFile
{
    /// <summary>The largest case read: golden trajectories are kilobytes; this is far above any real one.</summary>
    public const int MaxBytes = 16 << 20;

    /// <summary>The text of the case at <paramref name="path"/>.</summary>
    /// <exception cref="GoldenFormatException">The path is not a regular file, or the file is larger than
    /// <see cref="MaxBytes"/>.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static string Read(string path)
    {
        // A missing file is left to the FileStream, whose error names it.
        if (File.Exists(path) && !IsRegularFile(path))
            throw new GoldenFormatException("not a regular file (a FIFO, device or socket is never read as a case)");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        // One byte past the limit tells a file at the limit from a larger one, whatever its reported length.
        byte[] buffer = new byte[Math.Min(stream.Length, MaxBytes) + 1];
        int read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (read > MaxBytes) throw new GoldenFormatException($"larger than {MaxBytes >> 20} MiB, far above any case");
        return new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetString(buffer, 0, read)
            .TrimStart('\uFEFF');
    }

    /// <summary>
    /// Whether <paramref name="path"/> (after following links) is a regular file. .NET does not expose the file type,
    /// and opening a FIFO to find out would block, so this asks the runtime's own native layer (System.Native, which
    /// ships with every .NET on Unix and backs <see cref="File"/>), whose status keeps the platform's <c>st_mode</c>.
    /// </summary>
    public static bool IsRegularFile(string path)
    {
        if (OperatingSystem.IsWindows())
            return File.Exists(path) && !File.GetAttributes(path).HasFlag(FileAttributes.Device);
        Span<byte> status = stackalloc byte[512];   // System.Native's FileStatus, with room to spare: Flags, then Mode
        if (Stat(path, ref MemoryMarshal.GetReference(status)) != 0) return false;
        int mode = MemoryMarshal.Read<int>(status[4..]);
        return (mode & FileTypeMask) == RegularFile;
    }

    private const int FileTypeMask = 0xF000, RegularFile = 0x8000;   // S_IFMT and S_IFREG

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat")]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, ref byte status);
}
