namespace SimdOpt.Cli.Surfaces;

/// <summary>
/// Beale's function: flat plateaus and sharp ridges, a long curved valley to the minimum at (3, 0.5), and gradients
/// that change by orders of magnitude across the box — where per-element step sizes help.
/// </summary>
internal sealed class Beale : Surface
{
    /// <summary>How close to the minimum counts as converged.</summary>
    public const double Tolerance = 0.01;

    public override string Name => "beale";
    public override string Formula => "(1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2";
    public override (double X, double Y) Start => (1.0, 1.5);
    public override (double XMin, double XMax, double YMin, double YMax) Box => (-0.5, 4.0, -1.5, 2.0);
    public override int StepBudget => 3000;
    public override string GoalReached => "converged";
    public override string GoalDescription => "within 0.01 of the minimum (3, 0.5)";
    public override (double X, double Y) Landmark => (3.0, 0.5);
    public override string LandmarkName => "minimum";
    public override bool LogContours => true;

    public override double Value(double x, double y)
    {
        double a = 1.5 - x + x * y, b = 2.25 - x + x * y * y, c = 2.625 - x + x * y * y * y;
        return a * a + b * b + c * c;
    }

    public override (double X, double Y) Gradient(double x, double y)
    {
        double a = 1.5 - x + x * y, b = 2.25 - x + x * y * y, c = 2.625 - x + x * y * y * y;
        return (2 * a * (y - 1) + 2 * b * (y * y - 1) + 2 * c * (y * y * y - 1),
            2 * a * x + 2 * b * 2 * x * y + 2 * c * 3 * x * y * y);
    }

    public override double Remaining(double x, double y) => Math.Max(0, double.Hypot(x - 3, y - 0.5) - Tolerance);
}
