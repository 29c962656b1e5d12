using SimdOpt.Kernels;

namespace SimdOpt.Cli.Learning;

/// <summary>
/// Sophia-G's Hessian estimate for a classifier, as the authors' training loop computes it
/// (github.com/Liuhong99/Sophia, train_sophiag.py; Liu et al. 2023, Algorithm 2, the Gauss-Newton-Bartlett estimator):
/// labels sampled from the model's own softmax on the step's batch, the gradient ĝ of the cross-entropy with those
/// labels, and ĥ = B · ĝ ⊙ ĝ with B the batch size, as the paper writes it (the authors keep ĝ ⊙ ĝ and multiply by B
/// in the step, their <c>bs</c>: the demo sets <c>bs</c> to 1). Computed, one more forward and backward pass, only for
/// the steps that read it (every k steps); every input of the step gets it.
/// </summary>
internal sealed class SampledLabelHessian
{
    private readonly StepPlan<float> _plan;
    private readonly double[] _stepState;
    private readonly float[]? _estimate;
    private readonly ReadOnlyMemory<float>[] _given, _none;
    private readonly Random _sampler;

    /// <summary>Estimates for <paramref name="state"/>'s steps over a classifier's parameters; labels are sampled from
    /// <paramref name="seed"/>.</summary>
    public SampledLabelHessian(OptimizerState<float> state, int seed)
    {
        var info = state.Hyperparameters.Info;
        _plan = state.Hyperparameters.CreatePlan<float>();
        _stepState = new double[info.StepStates.Count];
        _estimate = info.Inputs.Count == 0 ? null : new float[state.Length];
        _given = _estimate is null ? [] : Enumerable.Repeat((ReadOnlyMemory<float>)_estimate, info.Inputs.Count)
            .ToArray();
        _none = new ReadOnlyMemory<float>[info.Inputs.Count];
        _sampler = new Random(seed);
    }

    /// <summary>The inputs of <paramref name="state"/>'s next step on images <paramref name="batch"/> of
    /// <paramref name="data"/>: the estimate when the step reads one, else empty spans.</summary>
    public InputSpans<float> For(OptimizerState<float> state, IClassifier model, ReadOnlySpan<float> parameters,
        DigitsSet data, ReadOnlySpan<int> batch)
    {
        if (_estimate is null || !NextStepReadsInput(state)) return new InputSpans<float>(_none);
        Span<float> logits = stackalloc float[DigitsSet.Classes];
        var sampled = new byte[batch.Length];
        for (int i = 0; i < batch.Length; i++)
        {
            model.Logits(parameters, data.Image(batch[i]), logits);
            sampled[i] = (byte)Sample(logits);
        }
        var relabeled = data.Relabeled(batch, sampled);
        model.LossAndGradient(parameters, relabeled, Enumerable.Range(0, batch.Length).ToArray(), _estimate);
        for (int i = 0; i < _estimate.Length; i++) _estimate[i] = batch.Length * _estimate[i] * _estimate[i];
        return new InputSpans<float>(_given);
    }

    // Whether the next step reads any input, as the optimizer's own plan decides it (Sophia: every k steps).
    private bool NextStepReadsInput(OptimizerState<float> state)
    {
        if (state.StepCount == 0) state.Hyperparameters.InitializeStepState(_stepState);
        else state.StepState.CopyTo(_stepState);
        _plan.Prepare(state.StepCount + 1, _stepState);
        for (int k = 0; k < _given.Length; k++)
            if (_plan.ReadsInput(k)) return true;
        return false;
    }

    // A class drawn from softmax(logits).
    private int Sample(ReadOnlySpan<float> logits)
    {
        float max = float.NegativeInfinity;
        foreach (float z in logits) max = Math.Max(max, z);
        double sum = 0;
        foreach (float z in logits) sum += Math.Exp(z - max);
        double draw = _sampler.NextDouble() * sum;
        for (int k = 0; k < logits.Length - 1; k++)
        {
            draw -= Math.Exp(logits[k] - max);
            if (draw < 0) return k;
        }
        return logits.Length - 1;
    }
}
