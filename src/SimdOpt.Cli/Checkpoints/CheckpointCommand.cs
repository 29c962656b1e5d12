using System.CommandLine;
using System.Globalization;
using SimdOpt.Training;
using SimdOpt.Training.Interchange;

namespace SimdOpt.Cli.Checkpoints;

/// <summary>
/// <c>simdopt checkpoint</c>: converts between SimdOpt's own checkpoint (<see cref="Checkpoint"/>) and torch's
/// <c>optimizer.state_dict()</c> in a safetensors file (<see cref="TorchCheckpoint"/>), which PyTorch reads and writes
/// without SimdOpt. A file that cannot be read or does not fit is a usage error naming it.
/// </summary>
internal static class CheckpointCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("checkpoint",
            "Convert checkpoints between SimdOpt and PyTorch (torch.optim state_dicts in safetensors files).");
        command.Subcommands.Add(ExportTorch(output));
        command.Subcommands.Add(ImportTorch(output));
        return command;
    }

    private static Command ExportTorch(TextWriter output)
    {
        var input = new Argument<string>("IN") { Description = "A SimdOpt checkpoint (Checkpoint.SaveFile)." };
        var target = new Argument<string>("OUT.safetensors") { Description = "The torch file to write." };
        var withParameters = new Option<bool>("--with-parameters")
        {
            Description = "Write the parameter values too (param.{i}); the checkpoint must hold them.",
        };
        var command = new Command("export-torch",
            "Write a SimdOpt checkpoint's optimizer as torch's optimizer.state_dict() in a safetensors file "
            + "(docs/torch-interchange.md loads it into torch.optim).");
        command.Arguments.Add(input);
        command.Arguments.Add(target);
        command.Options.Add(withParameters);
        command.SetAction(parsed => RunExport(parsed.GetValue(input)!, parsed.GetValue(target)!,
            parsed.GetValue(withParameters), output));
        return command;
    }

    private static Command ImportTorch(TextWriter output)
    {
        var input = new Argument<string>("IN.safetensors") { Description = "A torch state_dict in safetensors." };
        var target = new Argument<string>("OUT") { Description = "The SimdOpt checkpoint to write." };
        var optimizer = new Option<string>("--optimizer")
        {
            Description = "The SimdOpt optimizer torch's class corresponds to (e.g. adamw); needed for a file torch "
                + "wrote, which does not record it.",
            HelpName = "NAME",
        };
        var command = new Command("import-torch",
            "Write a SimdOpt checkpoint from torch's optimizer.state_dict() in a safetensors file, with the "
            + "parameters when the file holds them.");
        command.Arguments.Add(input);
        command.Arguments.Add(target);
        command.Options.Add(optimizer);
        command.SetAction(parsed => RunImport(parsed.GetValue(input)!, parsed.GetValue(target)!,
            parsed.GetValue(optimizer), output));
        return command;
    }

    public static int RunExport(string input, string target, bool withParameters, TextWriter output)
    {
        bool hasParameters = false, hasOtherState = false;
        var optimizer = Guarded(input, () => Checkpoint.LoadDetachedFile(input, out hasParameters, out hasOtherState));
        if (withParameters && !hasParameters)
            throw new UsageException($"--with-parameters: '{input}' holds no parameter values (it was saved without "
                + "includeParameters).");
        var file = Guarded(input, () => TorchCheckpoint.Export(optimizer, withParameters));
        Guarded(target, () => file.WriteFile(target));
        output.WriteLine($"Wrote {target}: {Describe(optimizer)} as torch's state_dict"
            + (withParameters ? ", with the parameters." : "."));
        if (hasOtherState)
            output.WriteLine("The checkpoint's scheduler or loss scaler state is not part of torch's optimizer "
                + "state_dict and was not written.");
        return 0;
    }

    public static int RunImport(string input, string target, string? optimizerName, TextWriter output)
    {
        var file = Guarded(input, () => SafetensorsFile.ReadFile(input));
        var optimizer = Guarded(input, () => TorchCheckpoint.Rebuild(file, optimizerName));
        bool withParameters = file.Tensors.Keys.Any(k => k.StartsWith("param.", StringComparison.Ordinal));
        Guarded(target, () => Checkpoint.SaveFile(target, optimizer, includeParameters: withParameters));
        output.WriteLine($"Wrote {target}: {Describe(optimizer)}"
            + (withParameters ? ", with the parameters." : ", without parameters (the file holds none)."));
        return 0;
    }

    private static string Describe(Optimizer optimizer) => string.Create(CultureInfo.InvariantCulture,
        $"{optimizer.Info.Name}, {optimizer.ElementType.Name}, {optimizer.Groups.Count} groups, "
        + $"{optimizer.TensorCount} tensors, {optimizer.ElementCount} elements, "
        + $"step {string.Join("/", optimizer.Groups.Select(g => g.StepCount))}");

    // A file that is missing, unreadable, malformed or does not fit is a bad argument: one line naming the file.
    private static TResult Guarded<TResult>(string path, Func<TResult> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException
            or ArgumentException)
        {
            throw new UsageException($"{path}: {e.Message}");
        }
    }

    private static void Guarded(string path, Action action) => Guarded(path, () =>
    {
        action();
        return 0;
    });
}
