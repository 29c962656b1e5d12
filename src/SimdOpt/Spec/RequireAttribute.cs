namespace SimdOpt.Spec;

/// <summary>
/// A rule between hyperparameters checked before every step (torch's "Nesterov momentum requires a momentum
/// and zero dampening"); when it fails the step throws and writes nothing.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class RequireAttribute : Attribute
{
    /// <summary>Requires <paramref name="condition"/>, reporting <paramref name="message"/> when it is false.</summary>
    /// <param name="condition">A per-step boolean expression over hyperparameters and flags.</param>
    /// <param name="message">The exception message.</param>
    public RequireAttribute(string condition, string message)
    {
        Condition = condition;
        Message = message;
    }

    /// <summary>The condition.</summary>
    public string Condition { get; }

    /// <summary>The message of the exception thrown when the condition is false.</summary>
    public string Message { get; }
}
