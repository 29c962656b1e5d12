namespace SimdOpt.Cli.Surfaces;

/// <summary>
/// A function of two variables that the demo lets every optimizer descend, with the start they all share, the box
/// the picture shows, the step budget, and a goal: a minimum to reach, or (for a saddle) a way out.
/// </summary>
internal abstract class Surface
{
    /// <summary>The name used in tables and file names, e.g. <c>rosenbrock</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The formula, for titles.</summary>
    public abstract string Formula { get; }

    /// <summary>Where every optimizer starts.</summary>
    public abstract (double X, double Y) Start { get; }

    /// <summary>The box the picture shows: x from XMin to XMax, y from YMin to YMax.</summary>
    public abstract (double XMin, double XMax, double YMin, double YMax) Box { get; }

    /// <summary>The most steps an optimizer gets.</summary>
    public abstract int StepBudget { get; }

    /// <summary>The word for reaching the goal: <c>converged</c> or <c>escaped</c>.</summary>
    public abstract string GoalReached { get; }

    /// <summary>The goal as a person reads it, e.g. <c>within 0.01 of the minimum (1, 1)</c>.</summary>
    public abstract string GoalDescription { get; }

    /// <summary>A point to mark on the picture (the minimum or the saddle point).</summary>
    public abstract (double X, double Y) Landmark { get; }

    /// <summary>What <see cref="Landmark"/> is, for the legend.</summary>
    public abstract string LandmarkName { get; }

    /// <summary>Whether the contour levels are spaced logarithmically (for surfaces whose values span many
    /// decades).</summary>
    public abstract bool LogContours { get; }

    /// <summary>The function's value.</summary>
    public abstract double Value(double x, double y);

    /// <summary>The function's gradient.</summary>
    public abstract (double X, double Y) Gradient(double x, double y);

    /// <summary>How far the point still is from the goal; 0 once it is reached.</summary>
    public abstract double Remaining(double x, double y);

    /// <summary>The three surfaces of the demo.</summary>
    public static IReadOnlyList<Surface> All { get; } = [new Rosenbrock(), new Beale(), new Saddle()];
}
