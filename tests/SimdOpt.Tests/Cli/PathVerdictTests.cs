using SimdOpt.Cli.Surfaces;

namespace SimdOpt.Tests.Cli;

/// <summary>The verdicts follow their documented definitions on paths built by hand.</summary>
public class PathVerdictTests
{
    private static SurfacePath Path(Surface surface, IEnumerable<(double, double)> points, bool reached = false, bool diverged = false) =>
        new("test", surface, points.ToList(), reached, diverged);

    [Fact]
    public void A_zigzag_oscillates()
    {
        // Every step reverses the previous one's x component while y advances a little: all turns exceed 90 degrees.
        var points = Enumerable.Range(0, 101).Select(k => (k % 2 == 0 ? -1.0 : 1.0, 0.001 * k));
        var verdict = PathVerdict.Of(Path(new Rosenbrock(), points));
        Assert.Equal(1.0, verdict.ReversalShare);
        Assert.True(verdict.Oscillates);
    }

    [Fact]
    public void A_straight_path_does_not_oscillate()
    {
        var points = Enumerable.Range(0, 50).Select(k => (-1.0 + 0.01 * k, 1.0));
        Assert.Equal(0, PathVerdict.ReversalShareOf(points.ToList()));
    }

    [Theory]
    [InlineData(8, true)]   // one step back in every 8: 2 reversing turns in 8 = 25%, the threshold
    [InlineData(9, false)]  // one step back in every 9: 2 in 9 = 22%
    public void A_quarter_of_the_turns_reversing_is_oscillation(int cycle, bool oscillates)
    {
        const int cycles = 10;
        var points = new List<(double, double)> { (0, 0) };
        for (int k = 0; k < cycle * cycles + 1; k++)
            points.Add((points[^1].Item1 + (k % cycle == cycle - 1 ? -0.01 : 0.01), 0));
        var verdict = PathVerdict.Of(Path(new Saddle(), points));
        Assert.Equal(2.0 * cycles / (cycle * cycles), verdict.ReversalShare, 12);
        Assert.Equal(oscillates, verdict.Oscillates);
    }

    [Fact]
    public void A_path_that_stops_short_of_the_goal_stalls()
    {
        // Approaches (1, 1) along y = x but stops moving at x = 0.5 for its last half.
        var points = Enumerable.Range(0, 100).Select(k => Math.Min(0.5, k * 0.01)).Select(x => (x, x));
        var verdict = PathVerdict.Of(Path(new Rosenbrock(), points));
        Assert.Equal("stalled", verdict.Outcome);
        Assert.False(verdict.Oscillates);
    }

    [Fact]
    public void A_path_still_closing_in_is_moving()
    {
        var points = Enumerable.Range(0, 100).Select(k => (k * 0.005, k * 0.005));
        Assert.Equal("moving", PathVerdict.Of(Path(new Rosenbrock(), points)).Outcome);
    }

    [Fact]
    public void Reaching_the_goal_uses_the_surface_word()
    {
        Assert.Equal("converged", PathVerdict.Of(Path(new Rosenbrock(), [(0, 0), (1, 1)], reached: true)).Outcome);
        Assert.Equal("escaped", PathVerdict.Of(Path(new Saddle(), [(1, 0.001), (0.5, 1.2)], reached: true)).Text);
        Assert.Equal("diverged", PathVerdict.Of(Path(new Beale(), [(1, 1.5), (1e9, 1e9)], diverged: true)).Outcome);
    }

    [Fact]
    public void Sgd_stalls_on_the_saddle_and_adam_escapes()
    {
        var saddle = new Saddle();
        var sgd = SurfaceRunner.Run(saddle, "sgd", new SimdOpt.Optimizers.Sgd(lr: 1e-3));
        Assert.Equal("stalled", PathVerdict.Of(sgd).Outcome);
        Assert.Equal(saddle.StepBudget, sgd.Steps);
        var adam = SurfaceRunner.Run(saddle, "adam", new SimdOpt.Optimizers.Adam(lr: 0.05));
        Assert.True(adam.Reached);
        Assert.True(Math.Abs(adam.End.Y) >= Saddle.EscapeDistance);
        Assert.Equal("escaped", PathVerdict.Of(adam).Outcome);
    }

    [Theory]
    [InlineData(0.3, -0.7)]
    [InlineData(2.0, 1.5)]
    [InlineData(-1.0, 0.25)]
    public void Surface_gradients_match_finite_differences(double x, double y)
    {
        const double h = 1e-6;
        foreach (var s in Surface.All)
        {
            var (gx, gy) = s.Gradient(x, y);
            double dx = (s.Value(x + h, y) - s.Value(x - h, y)) / (2 * h);
            double dy = (s.Value(x, y + h) - s.Value(x, y - h)) / (2 * h);
            Assert.Equal(dx, gx, 1e-4 * Math.Max(1, Math.Abs(dx)));
            Assert.Equal(dy, gy, 1e-4 * Math.Max(1, Math.Abs(dy)));
        }
    }

    [Fact]
    public void Every_surface_is_zero_distance_from_its_goal_at_its_landmark_except_the_saddle()
    {
        Assert.Equal(0, new Rosenbrock().Remaining(1, 1));
        Assert.Equal(0, new Rosenbrock().Value(1, 1));
        Assert.Equal(0, new Beale().Remaining(3, 0.5));
        Assert.Equal(0, new Beale().Value(3, 0.5), 12);
        Assert.Equal(1, new Saddle().Remaining(0, 0));
        Assert.Equal(0, new Saddle().Remaining(0.3, -1.0));
    }
}
