using SimdOpt.Spec;

namespace SimdOpt.Averaging;

/// <summary>
/// The equal average of parameters, stochastic weight averaging, as <c>torch.optim.swa_utils.AveragedModel</c> with
/// its default <c>get_swa_avg_fn</c>: <c>average + (parameter - average) / (n_averaged + 1)</c>. Stepped by
/// <see cref="Training.AveragedParameters{T}"/>: <c>p</c> is the averaged copy, <c>g</c> the live parameter, and
/// <c>t</c> the number of the update (1 for the first, torch's <c>n_averaged + 1</c>).
/// </summary>
/// <remarks>The first update copies the parameter, as torch's does at <c>n_averaged == 0</c>. The division is exact
/// (no reciprocal), as torch's, so a float average is bit for bit torch's on its CPU.</remarks>
[Optimizer("swa", Registered = false,
    Description = "Equal average of parameters, stochastic weight averaging (AveragedModel with get_swa_avg_fn)")]
[Assign("p", "t == 1 ? g : p + (g - p) / t")]
public sealed partial class Swa;
