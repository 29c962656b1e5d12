using System.Globalization;
using SimdOpt.Kernels;

namespace SimdOpt.Training;

/// <summary>
/// One step of a <see cref="FormulaLRScheduler"/>: what the formula reads (the step number, each group's current and
/// base value) and where it writes the new values, which are all checked before any is set.
/// </summary>
public sealed class ScheduleStep
{
    private readonly FormulaLRScheduler _scheduler;
    private readonly double[] _current;
    private readonly Dictionary<string, double?[]> _values = new(StringComparer.Ordinal);

    internal ScheduleStep(FormulaLRScheduler scheduler, long epoch, bool isInitial, bool closedForm)
    {
        _scheduler = scheduler;
        Epoch = epoch;
        IsInitial = isInitial;
        ClosedForm = closedForm;
        _current = scheduler.Optimizer.Groups
            .Select(g => g.Hyperparameters.GetHyperparameter(scheduler.Hyperparameter))
            .ToArray();
    }

    /// <summary>The number of the step being taken (torch's <c>last_epoch</c> during <c>get_lr</c>).</summary>
    public long Epoch { get; }

    /// <summary>Whether this is the step taken when the scheduler is created or restarted (torch's
    /// <c>_is_initial</c>).</summary>
    public bool IsInitial { get; }

    /// <summary>Whether the step jumps to <see cref="Epoch"/> and asks for the closed form (torch's
    /// <c>_get_closed_form_lr</c>), where the schedule has one.</summary>
    public bool ClosedForm { get; }

    /// <summary>The number of parameter groups.</summary>
    public int GroupCount => _current.Length;

    /// <summary>Group <paramref name="group"/>'s current value of the scheduled hyperparameter (torch's
    /// <c>group["lr"]</c>).</summary>
    /// <param name="group">The group's index.</param>
    public double Current(int group) => _current[group];

    /// <summary>Group <paramref name="group"/>'s base value (torch's <c>base_lrs[i]</c>).</summary>
    /// <param name="group">The group's index.</param>
    public double Base(int group) => _scheduler.BaseValues[group];

    /// <summary>Gives group <paramref name="group"/> a new value of the scheduled hyperparameter.</summary>
    /// <param name="group">The group's index.</param>
    /// <param name="value">The new value.</param>
    public void Set(int group, double value) => Set(group, _scheduler.Hyperparameter, value);

    /// <summary>Gives group <paramref name="group"/> a new value of another hyperparameter, set with the scheduled one
    /// (as OneCycleLR's momentum).</summary>
    /// <param name="group">The group's index.</param>
    /// <param name="hyperparameter">The hyperparameter's name.</param>
    /// <param name="value">The new value.</param>
    /// <exception cref="ArgumentException">The optimizer declares no such hyperparameter.</exception>
    /// <exception cref="ArgumentOutOfRangeException">There is no such group.</exception>
    public void Set(int group, string hyperparameter, double value)
    {
        if ((uint)group >= (uint)GroupCount)
            throw new ArgumentOutOfRangeException(nameof(group), group,
                $"There is no group {group.ToString(CultureInfo.InvariantCulture)}: "
                + $"the optimizer has {GroupCount.ToString(CultureInfo.InvariantCulture)}.");
        if (!_values.TryGetValue(hyperparameter, out var values))
        {
            if (!_scheduler.Optimizer.Info.Hyperparameters.Any(h => h.Name == hyperparameter))
                throw new ArgumentException(
                    $"Optimizer '{_scheduler.Optimizer.Info.Name}' has no hyperparameter '{hyperparameter}'.",
                    nameof(hyperparameter));
            _values[hyperparameter] = values = new double?[GroupCount];
        }
        values[group] = value;
    }

    /// <summary>Checks every value against its hyperparameter's range, then sets them all.</summary>
    internal void Apply()
    {
        var groups = _scheduler.Optimizer.Groups;
        foreach (var (name, values) in _values)
        {
            HyperparameterInfo info = _scheduler.Optimizer.Info.Hyperparameters.First(h => h.Name == name);
            for (int g = 0; g < values.Length; g++)
            {
                if (values[g] is double value && !info.Accepts(value))
                    throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                        $"{_scheduler.GetType().Name} computed {name} = {value:R} for group {g} at step {Epoch}, "
                        + $"outside its range {info.Range}; nothing was changed."));
            }
        }
        foreach (var (name, values) in _values)
            for (int g = 0; g < values.Length; g++)
                if (values[g] is double value) groups[g].Hyperparameters.SetHyperparameter(name, value);
    }
}
