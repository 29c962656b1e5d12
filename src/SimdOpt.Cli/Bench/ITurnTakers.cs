namespace SimdOpt.Cli.Bench;

/// <summary>
/// The things <see cref="TurnTakingTimer"/> times against one another: <see cref="Count"/> contenders, each taking one
/// step when asked. Implemented by structs, so the timer's loop is compiled for each kind and calls the step directly.
/// </summary>
internal interface ITurnTakers
{
    /// <summary>How many contenders take turns.</summary>
    int Count { get; }

    /// <summary>Contender <paramref name="contender"/> takes one step.</summary>
    void Step(int contender);
}
