using SimdOpt.Kernels;

namespace SimdOpt.Tests.References;

/// <summary>
/// The hyperparameters and flags of one run by torch.optim's names, as a reference reads them — torch's
/// <c>group['lr']</c> is <c>group["lr"]</c> here.
/// </summary>
internal sealed class ParamGroup
{
    private readonly IReadOnlyDictionary<string, double> _numbers;
    private readonly IReadOnlyDictionary<string, bool> _flags;

    private ParamGroup(IReadOnlyDictionary<string, double> numbers, IReadOnlyDictionary<string, bool> flags)
    {
        _numbers = numbers;
        _flags = flags;
    }

    /// <summary>The current hyperparameters and flags of <paramref name="optimizer"/>.</summary>
    /// <param name="optimizer">The optimizer.</param>
    public static ParamGroup Of(OptimizerHyperparameters optimizer) => new(
        optimizer.Info.Hyperparameters.ToDictionary(h => h.Name, h => optimizer.GetHyperparameter(h.Name)),
        optimizer.Info.Flags.ToDictionary(f => f.Name, f => optimizer.GetFlag(f.Name)));

    /// <summary>A numeric hyperparameter.</summary>
    /// <param name="name">Its torch.optim name.</param>
    public double this[string name] => _numbers[name];

    /// <summary>A flag.</summary>
    /// <param name="name">Its torch.optim name.</param>
    public bool Flag(string name) => _flags[name];
}
