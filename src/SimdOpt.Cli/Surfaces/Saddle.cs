namespace SimdOpt.Cli.Surfaces;

/// <summary>
/// The saddle x^2 - y^2: downhill along y, uphill along x. The start lies a hair off the ridge line y = 0, where the
/// gradient barely points the way out; the lecture's "落入鞍点，梯度为0" — an optimizer escapes only if it
/// turns that tiny push into real steps.
/// </summary>
internal sealed class Saddle : Surface
{
    /// <summary>How far from the ridge line y = 0 counts as escaped.</summary>
    public const double EscapeDistance = 1.0;

    public override string Name => "saddle";
    public override string Formula => "x^2 - y^2";
    public override (double X, double Y) Start => (1.0, 1e-3);
    public override (double XMin, double XMax, double YMin, double YMax) Box => (-1.5, 1.5, -1.5, 1.5);
    public override int StepBudget => 500;
    public override string GoalReached => "escaped";
    public override string GoalDescription => "|y| >= 1: left the saddle point (0, 0) downhill";
    public override (double X, double Y) Landmark => (0.0, 0.0);
    public override string LandmarkName => "saddle point";
    public override bool LogContours => false;

    public override double Value(double x, double y) => x * x - y * y;

    public override (double X, double Y) Gradient(double x, double y) => (2 * x, -2 * y);

    public override double Remaining(double x, double y) => Math.Max(0, EscapeDistance - Math.Abs(y));
}
