namespace SimdOpt.Cli.Surfaces;

/// <summary>
/// What a path did, decided from its points alone:
/// <list type="bullet">
/// <item><b>converged</b> / <b>escaped</b>: it reached the surface's goal (a minimum, or away from the saddle).</item>
/// <item><b>diverged</b>: a coordinate became non-finite or went beyond 100 times the box.</item>
/// <item><b>stalled</b>: it spent its budget, and over its final 10% of steps it closed less than 1% of the distance
/// that remained to the goal at the start of that stretch.</item>
/// <item><b>moving</b>: it spent its budget but was still closing in (not stalled).</item>
/// <item>and, besides any of these, <b>oscillates</b>: at least 25% of its turns reverse direction — consecutive
/// steps whose displacement vectors have a negative dot product (a turn of more than 90 degrees).</item>
/// </list>
/// </summary>
/// <param name="Outcome">converged, escaped, diverged, stalled or moving.</param>
/// <param name="Oscillates">Whether at least <see cref="OscillationShare"/> of the turns reverse direction.</param>
/// <param name="ReversalShare">The share of turns (pairs of consecutive non-zero steps) that reverse direction.</param>
internal sealed record PathVerdict(string Outcome, bool Oscillates, double ReversalShare)
{
    /// <summary>The share of reversing turns from which a path oscillates.</summary>
    public const double OscillationShare = 0.25;

    /// <summary>The final share of the steps over which stalling is judged.</summary>
    public const double StallWindow = 0.10;

    /// <summary>The least share of the remaining distance that the final window must close not to be stalled.</summary>
    public const double StallProgress = 0.01;

    /// <summary>The verdict as the table shows it, e.g. <c>converged, oscillates</c>.</summary>
    public string Text => Oscillates ? Outcome + ", oscillates" : Outcome;

    /// <summary>Judges <paramref name="path"/>.</summary>
    public static PathVerdict Of(SurfacePath path)
    {
        double share = ReversalShareOf(path.Points);
        bool oscillates = share >= OscillationShare;
        if (path.Diverged) return new PathVerdict("diverged", oscillates, share);
        if (path.Reached) return new PathVerdict(path.Surface.GoalReached, oscillates, share);
        int window = Math.Max(1, (int)Math.Ceiling(StallWindow * path.Steps));
        var before = path.Points[path.Steps - window];
        var end = path.End;
        double remainingBefore = path.Surface.Remaining(before.X, before.Y);
        double closed = remainingBefore - path.Surface.Remaining(end.X, end.Y);
        bool stalled = !(closed >= StallProgress * remainingBefore);
        return new PathVerdict(stalled ? "stalled" : "moving", oscillates, share);
    }

    /// <summary>The share of turns, over consecutive pairs of non-zero steps, whose directions differ by more than 90
    /// degrees.</summary>
    public static double ReversalShareOf(IReadOnlyList<(double X, double Y)> points)
    {
        int turns = 0, reversals = 0;
        for (int k = 2; k < points.Count; k++)
        {
            double ax = points[k - 1].X - points[k - 2].X, ay = points[k - 1].Y - points[k - 2].Y;
            double bx = points[k].X - points[k - 1].X, by = points[k].Y - points[k - 1].Y;
            if ((ax == 0 && ay == 0) || (bx == 0 && by == 0)) continue;
            turns++;
            if (ax * bx + ay * by < 0) reversals++;
        }
        return turns == 0 ? 0 : (double)reversals / turns;
    }
}
