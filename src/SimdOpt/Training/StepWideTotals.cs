using System.Numerics;
using SimdOpt.Kernels;

namespace SimdOpt.Training;

/// <summary>
/// The step-wide reductions of a step over several tensors (timm's global gradient norm, <c>global_norm(g)</c>): the
/// totals of every tensor of one optimizer added up, chunk partials in tensor order, then chunk order, so they have
/// the same bits for every thread count and split, and given to each of those tensors before any later pass. Tensors
/// of one optimizer are those whose hyperparameters describe the same <see cref="OptimizerInfo"/>; the first of them
/// leads. A pass one of them needs is taken by all, so the total covers every tensor whatever its group's flags.
/// </summary>
internal sealed class StepWideTotals
{
    private double[] _totals = [];
    private int[] _leader = [];
    private bool[] _leaderNeeds = [];
    private int _slots;

    /// <summary>Starts a step: finds each tensor's leader and clears the totals.</summary>
    public void Begin<T, TContext>(TContext context, Func<TContext, int, StepProtocol<T>> stepsOf, int sources,
        int slots) where T : unmanaged, IFloatingPointIeee754<T>
    {
        _slots = slots;
        if (_leader.Length != sources)
        {
            _leader = new int[sources];
            _leaderNeeds = new bool[sources];
        }
        if (_totals.Length != sources * slots) _totals = new double[sources * slots];
        Array.Clear(_totals);
        for (int s = 0; s < sources; s++)
        {
            var steps = stepsOf(context, s);
            _leader[s] = -1;
            if (steps.StepWideReductions == 0) continue;
            _leader[s] = s;
            for (int l = 0; l < s; l++)
                if (_leader[l] == l && ReferenceEquals(stepsOf(context, l).Hyperparameters.Info,
                        steps.Hyperparameters.Info))
                {
                    _leader[s] = l;
                    break;
                }
        }
    }

    /// <summary>Notes which optimizers' tensors take pass <paramref name="pass"/>: all of them once one needs
    /// it.</summary>
    public void BeginPass<T, TContext>(TContext context, Func<TContext, int, StepProtocol<T>> stepsOf, int pass)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Array.Clear(_leaderNeeds);
        for (int s = 0; s < _leader.Length; s++)
        {
            var steps = stepsOf(context, s);
            if (_leader[s] >= 0 && steps.ReductionPasses >= pass && steps.NeedsPass(pass))
                _leaderNeeds[_leader[s]] = true;
        }
    }

    /// <summary>Whether the tensor <paramref name="source"/> with <paramref name="steps"/> takes pass
    /// <paramref name="pass"/>: when it needs it, or another tensor sharing its step-wide reductions does.</summary>
    public bool Takes<T>(StepProtocol<T> steps, int source, int pass) where T : unmanaged, IFloatingPointIeee754<T>
        => steps.ReductionPasses >= pass
            && (steps.NeedsPass(pass) || (_leader[source] >= 0 && _leaderNeeds[_leader[source]]));

    /// <summary>
    /// After pass <paramref name="pass"/>: adds the partials of every work item of a tensor with step-wide reductions
    /// into its leader's totals, in item order (tensor order, then chunk order), and copies the step-wide slots of
    /// every pass so far to each such tensor's totals.
    /// </summary>
    public void Combine<T, TContext>(TContext context, Func<TContext, int, StepProtocol<T>> stepsOf, int pass,
        ReadOnlySpan<WorkItem> items, ReadOnlySpan<double> partials, Span<double> totals)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < items.Length; i++)
        {
            int source = items[i].Source;
            if (_leader[source] < 0) continue;
            var steps = stepsOf(context, source);
            if (!Takes(steps, source, pass)) continue;
            steps.Combine(pass, partials.Slice(i * _slots, steps.ReductionCount),
                _totals.AsSpan(_leader[source] * _slots, steps.ReductionCount));
        }
        for (int s = 0; s < _leader.Length; s++)
        {
            if (_leader[s] < 0) continue;
            uint mask = stepsOf(context, s).StepWideReductions;
            int leader = _leader[s] * _slots;
            for (int k = 0; mask != 0; k++, mask >>= 1)
                if ((mask & 1) != 0) totals[s * _slots + k] = _totals[leader + k];
        }
    }
}
