using System.Globalization;
using SimdOpt.Kernels;

namespace SimdOpt.Training;

/// <summary>
/// A parameter group, as one of torch.optim's <c>param_groups</c>: tensors stepped with one set of hyperparameters,
/// with their own step count and per-step scalar state (kept by the group's <see cref="StepProtocol"/>).
/// </summary>
public sealed class ParameterGroup
{
    private readonly Dictionary<string, double> _initialValues = new(StringComparer.Ordinal);

    internal ParameterGroup(int index, StepProtocol steps, int firstTensor, int tensorCount, long elementCount)
    {
        Index = index;
        Steps = steps;
        FirstTensor = firstTensor;
        TensorCount = tensorCount;
        ElementCount = elementCount;
    }

    /// <summary>The group's position in <see cref="Optimizer.Groups"/>.</summary>
    public int Index { get; }

    /// <summary>
    /// The group's own hyperparameters and flags; every step reads them, so a change applies from the next step on
    /// (as assigning <c>param_group["lr"]</c> in torch).
    /// </summary>
    public OptimizerHyperparameters Hyperparameters => Steps.Hyperparameters;

    /// <summary>The number of tensors in the group.</summary>
    public int TensorCount { get; }

    /// <summary>The number of elements over all the group's tensors.</summary>
    public long ElementCount { get; }

    /// <summary>The number of steps the group has taken; its next step is <c>StepCount + 1</c>.</summary>
    public long StepCount => Steps.StepCount;

    /// <summary>The per-step scalar state (in the order of <see cref="OptimizerInfo.StepStates"/>), meaningful after
    /// the first step.</summary>
    public ReadOnlySpan<double> StepState => Steps.StepState;

    /// <summary>
    /// The value each scheduled hyperparameter had when its first scheduler was created (torch's <c>initial_lr</c> for
    /// <c>lr</c>): the base value schedules start from.
    /// </summary>
    public IReadOnlyDictionary<string, double> InitialValues => _initialValues;

    /// <summary>The group's step count, per-step state and step order: the one place they live.</summary>
    internal StepProtocol Steps { get; }

    /// <summary>The position of the group's first tensor among all the optimizer's tensors.</summary>
    internal int FirstTensor { get; }

    /// <summary>torch's <c>group.setdefault("initial_lr", group["lr"])</c>: the first scheduler fixes the base
    /// value.</summary>
    internal double InitialValue(string hyperparameter)
    {
        if (!_initialValues.TryGetValue(hyperparameter, out double value))
            _initialValues[hyperparameter] = value = Hyperparameters.GetHyperparameter(hyperparameter);
        return value;
    }

    internal void SetInitialValue(string hyperparameter, double value) => _initialValues[hyperparameter] = value;

    internal void ReplaceInitialValues(IReadOnlyDictionary<string, double> values)
    {
        _initialValues.Clear();
        foreach (var (name, value) in values) _initialValues[name] = value;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"group {Index}: {TensorCount} tensors, {ElementCount} elements, step {StepCount}, {Hyperparameters}");
}
