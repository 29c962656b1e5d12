using System.Numerics;

namespace SimdOpt.Training.Interchange;

/// <summary>
/// Converts between an optimizer and torch's <c>optimizer.state_dict()</c> stored in a safetensors file, which
/// PyTorch reads and writes without SimdOpt (docs/torch-interchange.md has the Python side).
/// </summary>
/// <remarks>
/// <para>
/// The layout is torch 1.13's: tensor <c>i</c>, numbered over all groups in order, has its state under
/// <c>state.{i}.{buffer}</c> with torch's buffer names (which SimdOpt's are) and its step count as
/// <c>state.{i}.step</c> where torch keeps one (a 0-dimensional F32 tensor for the Adam family and Adagrad, an I64 one
/// where torch keeps a Python int; SGD keeps none); with parameters, its values are <c>param.{i}</c>. The metadata
/// entry <c>param_groups</c> is torch's, as JSON: every hyperparameter under torch's name (pairs as lists, e.g.
/// <c>betas</c>), torch's implementation options at their defaults, <c>initial_lr</c> once a scheduler has fixed it,
/// and the <c>params</c> indices. Tensors are one-dimensional (a <see cref="Parameter{T}"/> has no shape); import
/// accepts any shape with the right element count. A tensor whose state does not exist yet has no state entries, as
/// in torch.
/// </para>
/// <para>
/// The metadata entry <c>simdopt</c> holds what torch keeps rounded or not at all — the exact step counts, per-step
/// states in double, base values of scheduled hyperparameters other than <c>lr</c> — so that export then import is
/// bit-identical; torch ignores it, and a file torch wrote has none (then SGD with momentum buffers counts one step:
/// only the first step differs from the others).
/// </para>
/// </remarks>
public static class TorchCheckpoint
{
    /// <summary>The optimizer as a safetensors file in torch's state_dict layout.</summary>
    /// <param name="optimizer">The optimizer; one that torch.optim has (not Lion, Adan, ADOPT or AdEMAMix).</param>
    /// <param name="includeParameters">Whether to add the parameter values, as <c>param.{i}</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentException">torch.optim has no such optimizer, or a group uses an option torch 1.13's
    /// counterpart lacks (NAdam's and RAdam's <c>maximize</c>).</exception>
    public static SafetensorsFile Export(Optimizer optimizer, bool includeParameters = false)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var layout = LayoutOf(optimizer);
        return optimizer switch
        {
            Optimizer<float> single => TorchExport.Export(single, layout, includeParameters),
            Optimizer<double> pair => TorchExport.Export(pair, layout, includeParameters),
            _ => throw new ArgumentException("Only float and double optimizers exist.", nameof(optimizer)),
        };
    }

    /// <summary>Writes <see cref="Export"/>'s file to <paramref name="path"/>.</summary>
    /// <param name="path">The file to write (conventionally <c>*.safetensors</c>).</param>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="includeParameters">Whether to add the parameter values.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">As <see cref="Export"/>, or the path is empty.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void ExportFile(string path, Optimizer optimizer, bool includeParameters = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Export(optimizer, includeParameters).WriteFile(path);
    }

    /// <summary>
    /// Reads a state_dict in torch's layout into <paramref name="optimizer"/>, all or nothing: hyperparameters and
    /// flags of every group, step counts, state buffers, and the parameter values when the file holds them.
    /// </summary>
    /// <param name="file">The file, as torch or <see cref="Export"/> wrote it.</param>
    /// <param name="optimizer">The optimizer to restore: of the file's kind and element type, with the same groups
    /// and tensor lengths.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">torch.optim has no such optimizer.</exception>
    /// <exception cref="InvalidDataException">The file does not fit: a buffer, step or parameter group is missing, a
    /// tensor has the wrong element count or dtype, a value is out of range, or a tensor or key is unknown. The message
    /// names the tensor or key; nothing changes.</exception>
    public static void Import(SafetensorsFile file, Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(optimizer);
        var layout = LayoutOf(optimizer);
        switch (optimizer)
        {
            case Optimizer<float> single:
                TorchImport.Import(file, single, layout, SafetensorsDtype.F32);
                break;
            case Optimizer<double> pair:
                TorchImport.Import(file, pair, layout, SafetensorsDtype.F64);
                break;
        }
    }

    /// <summary>Reads the file at <paramref name="path"/> into <paramref name="optimizer"/>; see
    /// <see cref="Import"/>.</summary>
    /// <param name="path">The safetensors file.</param>
    /// <param name="optimizer">The optimizer to restore.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The path is empty, or torch.optim has no such optimizer.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="InvalidDataException">The file is malformed or does not fit; nothing changes.</exception>
    public static void ImportFile(string path, Optimizer optimizer)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(optimizer);
        LayoutOf(optimizer);
        Import(SafetensorsFile.ReadFile(path), optimizer);
    }

    /// <summary>
    /// The optimizer a torch file describes, built and imported: its groups from <c>param_groups</c>, each tensor's
    /// length from its state or values, the element type from their dtype (F32 or F64), and then everything
    /// <see cref="Import"/> restores — to convert a file without the code that trained it
    /// (<c>simdopt checkpoint import-torch</c>).
    /// </summary>
    /// <param name="file">The file, as torch or <see cref="Export"/> wrote it.</param>
    /// <param name="optimizerName">The SimdOpt optimizer (e.g. <c>adamw</c>): required for a file torch wrote, which
    /// does not record its class; a file <see cref="Export"/> wrote names it itself.</param>
    /// <exception cref="ArgumentNullException"><paramref name="file"/> is null.</exception>
    /// <exception cref="ArgumentException">No optimizer is named, the name is unknown or has no torch counterpart, or
    /// it differs from the one the file names.</exception>
    /// <exception cref="InvalidDataException">A tensor's length cannot be known (neither its state nor its values are
    /// in the file), the dtype is neither F32 nor F64, or the file does not fit, as for
    /// <see cref="Import"/>.</exception>
    public static Optimizer Rebuild(SafetensorsFile file, string? optimizerName = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        return TorchRebuild.Rebuild(file, optimizerName);
    }

    private static TorchOptimizerLayout LayoutOf(Optimizer optimizer) =>
        TorchOptimizerLayout.Of(optimizer.Info)
        ?? throw new ArgumentException(
            $"Optimizer '{optimizer.Info.Name}' has no torch.optim counterpart; torch checkpoints exist for "
            + $"{TorchOptimizerLayout.Supported}.", nameof(optimizer));
}
