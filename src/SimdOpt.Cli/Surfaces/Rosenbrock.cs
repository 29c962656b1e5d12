namespace SimdOpt.Cli.Surfaces;

/// <summary>
/// Rosenbrock's banana: a narrow curved valley whose floor falls very gently to the minimum at (1, 1). Steep
/// walls and a flat floor: plain gradient descent needs a small step for the walls and then crawls along the floor.
/// </summary>
internal sealed class Rosenbrock : Surface
{
    /// <summary>How close to the minimum counts as converged.</summary>
    public const double Tolerance = 0.01;

    public override string Name => "rosenbrock";
    public override string Formula => "(1 - x)^2 + 100 (y - x^2)^2";
    public override (double X, double Y) Start => (-1.2, 1.0);
    public override (double XMin, double XMax, double YMin, double YMax) Box => (-2.0, 2.0, -1.0, 3.0);
    public override int StepBudget => 3000;
    public override string GoalReached => "converged";
    public override string GoalDescription => "within 0.01 of the minimum (1, 1)";
    public override (double X, double Y) Landmark => (1.0, 1.0);
    public override string LandmarkName => "minimum";
    public override bool LogContours => true;

    public override double Value(double x, double y) => (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);

    public override (double X, double Y) Gradient(double x, double y) =>
        (-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x));

    public override double Remaining(double x, double y) => Math.Max(0, double.Hypot(x - 1, y - 1) - Tolerance);
}
