namespace SimdOpt.Kernels;

/// <summary>
/// The mode of an optimizer that declares a switch between modes (<see cref="OptimizerInfo.HasModes"/>, a
/// <c>[Mode]</c> in its spec): Schedule-Free keeps the point the gradient is taken at in the parameters while training
/// and the averaged point while evaluating.
/// </summary>
public enum OptimizerMode
{
    /// <summary>Training: the mode an optimizer starts in, and the only one it steps in.</summary>
    Train,

    /// <summary>Evaluation: the parameters hold the point to evaluate (or save); stepping is refused.</summary>
    Eval,
}
