using System.Numerics;
using SimdOpt.Kernels;

namespace SimdOpt.Training;

/// <summary>
/// The step of one group in flight: its plan, prepared once per step on a copy of the per-step scalar state, which
/// becomes the group's only when every group has been prepared and every tensor updated.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class GroupStep<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly double[] _nextStepState;
    private readonly T[] _initialValues;

    public GroupStep(OptimizerHyperparameters hyperparameters)
    {
        Plan = hyperparameters.CreatePlan<T>();
        _nextStepState = new double[hyperparameters.Info.StepStates.Count];
        _initialValues = new T[hyperparameters.Info.States.Count];
    }

    /// <summary>The plan every slice of the group's tensors is applied with.</summary>
    public StepPlan<T> Plan { get; }

    /// <summary>Whether this is the group's first step, whose state buffers start from their initial values.</summary>
    public bool Initializing { get; private set; }

    /// <summary>The value state buffer <c>k</c> starts with, on the first step.</summary>
    public ReadOnlySpan<T> InitialValues => _initialValues;

    /// <summary>Computes the step's scalars; throws, changing nothing the group owns, when a hyperparameter rule fails.</summary>
    public void Prepare(ParameterGroup group)
    {
        var hyperparameters = group.Hyperparameters;
        Initializing = group.StepCount == 0;
        if (Initializing) hyperparameters.InitializeStepState(_nextStepState);
        else group.StepState.CopyTo(_nextStepState);
        Plan.Prepare(group.StepCount + 1, _nextStepState);
        // As torch.optim, buffers start from the hyperparameters of the first step (Adagrad's initial_accumulator_value).
        if (Initializing)
            for (int k = 0; k < _initialValues.Length; k++)
                _initialValues[k] = T.CreateTruncating(hyperparameters.InitialStateValue(k));
    }

    /// <summary>Makes the prepared step the group's: its step state and step count.</summary>
    public void Commit(ParameterGroup group)
    {
        _nextStepState.CopyTo(group.StepStateBuffer);
        group.StepCount++;
        Initializing = false;
    }
}
