using SimdOpt.Kernels;

namespace SimdOpt.Cli.Surfaces;

/// <summary>Descends a surface with one optimizer: the point is a 2-element tensor stepped by the optimizer's own
/// kernel.</summary>
internal static class SurfaceRunner
{
    /// <summary>A coordinate beyond this many times the box's size counts as diverged.</summary>
    public const double DivergenceFactor = 100;

    /// <summary>Steps from the surface's start until the goal is reached, the run diverges, or the budget is
    /// spent.</summary>
    public static SurfacePath Run(Surface surface, string label, OptimizerHyperparameters optimizer)
    {
        var state = new OptimizerState<double>(optimizer, 2);
        double[] p = [surface.Start.X, surface.Start.Y];
        double[] g = new double[2];
        var inputs = new Learning.SquaredGradientInputs<double>(optimizer.Info, 2);
        var points = new List<(double, double)> { surface.Start };
        var (xMin, xMax, yMin, yMax) = surface.Box;
        double limit = DivergenceFactor * Math.Max(xMax - xMin, yMax - yMin);
        for (int step = 1; step <= surface.StepBudget; step++)
        {
            (g[0], g[1]) = surface.Gradient(p[0], p[1]);
            state.Step(p, g, inputs.For(g));
            points.Add((p[0], p[1]));
            if (!double.IsFinite(p[0]) || !double.IsFinite(p[1]) || Math.Abs(p[0]) > limit || Math.Abs(p[1]) > limit)
                return new SurfacePath(label, surface, points, Reached: false, Diverged: true);
            if (surface.Remaining(p[0], p[1]) == 0)
                return new SurfacePath(label, surface, points, Reached: true, Diverged: false);
        }
        return new SurfacePath(label, surface, points, Reached: false, Diverged: false);
    }
}
