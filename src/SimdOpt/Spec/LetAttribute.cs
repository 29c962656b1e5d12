namespace SimdOpt.Spec;

/// <summary>
/// Names an intermediate value for the statements after it. Whether it is a per-step scalar (computed once
/// per step, in double) or a per-element value (computed in the loop) follows from what it reads.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class LetAttribute : Attribute
{
    /// <summary>Defines <paramref name="name"/> as <paramref name="expression"/>.</summary>
    /// <param name="name">The new name.</param>
    /// <param name="expression">Its value.</param>
    public LetAttribute(string name, string expression)
    {
        Name = name;
        Expression = expression;
    }

    /// <summary>The name being defined.</summary>
    public string Name { get; }

    /// <summary>The expression text.</summary>
    public string Expression { get; }
}
