using System.CommandLine;
using System.Globalization;

namespace SimdOpt.Cli.Replay;

/// <summary><c>simdopt replay PATH...</c>: runs golden torch.optim trajectories and prints one line per case.</summary>
internal static class ReplayCommand
{
    public static Command Create(TextWriter output)
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Case files, or folders whose *.json files are cases (format: shared/golden/README.md).",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("replay",
            "Replay golden torch.optim trajectories through the dispatching kernels and compare every step.");
        command.Arguments.Add(paths);
        command.SetAction(parsed => Run(parsed.GetValue(paths)!, output));
        return command;
    }

    /// <summary>Replays every case under <paramref name="paths"/>; exit code 0 only when all passed.</summary>
    public static int Run(IReadOnlyList<string> paths, TextWriter output)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
                files.AddRange(Directory.GetFiles(path, "*.json").OrderBy(f => f, StringComparer.Ordinal));
            else if (File.Exists(path))
                files.Add(path);
            else
                throw new UsageException($"'{path}' is neither a file nor a folder.");
        }
        if (files.Count == 0) throw new UsageException("no *.json cases found under " + string.Join(", ", paths) + ".");

        int passed = 0, failed = 0;
        foreach (var file in files)
        {
            var result = GoldenReplayer.Run(file);
            output.WriteLine(Format(result));
            if (result.Passed) passed++;
            else failed++;
        }
        output.WriteLine($"{passed} passed, {failed} failed");
        return failed == 0 ? 0 : 1;
    }

    public static string Format(ReplayResult result)
    {
        string error = double.IsNaN(result.MaxError)
            ? "-"
            : result.MaxError.ToString("0.000E+00", CultureInfo.InvariantCulture);
        string line =
            $"{(result.Passed ? "PASS" : "FAIL")}  {result.File}  max error {error} at step {result.MaxErrorStep}";
        return result.Reason is null ? line : line + "  " + result.Reason;
    }
}
