namespace SimdOpt.Cli.Surfaces;

/// <summary>The points one optimizer visited on a surface, from the start, and how the run ended.</summary>
/// <param name="Optimizer">The optimizer's label.</param>
/// <param name="Surface">The surface.</param>
/// <param name="Points">The start, then the point after each step.</param>
/// <param name="Reached">Whether the run stopped because it reached the surface's goal.</param>
/// <param name="Diverged">Whether the run stopped because a coordinate became non-finite or left the surface far
/// behind.</param>
internal sealed record SurfacePath(string Optimizer, Surface Surface, IReadOnlyList<(double X, double Y)> Points,
    bool Reached, bool Diverged)
{
    /// <summary>The number of steps taken.</summary>
    public int Steps => Points.Count - 1;

    /// <summary>Where the run ended.</summary>
    public (double X, double Y) End => Points[^1];
}
