using SimdOpt.Kernels;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training;

/// <summary>The gradient passes give the same bits on every path, for every length (every tail of every
/// width).</summary>
public class GradientKernelTests
{
    private static readonly KernelPath[] Paths = Enum.GetValues<KernelPath>();

    private static T[] Random<T>(int seed, int length, Func<double, T> convert)
    {
        var random = new Random(seed);
        var values = new T[length];
        for (int i = 0; i < length; i++) values[i] = convert((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-30, 30)));
        return values;
    }

    [Fact]
    public void Sum_of_squares_is_the_same_on_every_path()
    {
        for (int n = 0; n <= 300; n += n < 70 ? 1 : 37)
        {
            float[] f = Random(n, n, x => (float)x);
            double[] d = Random(n, n, x => x);
            double fs = GradientKernels.SumOfSquares<float>(f, KernelPath.Scalar), ds = GradientKernels.SumOfSquares<double>(d, KernelPath.Scalar);
            foreach (var path in Paths)
            {
                Assert.Equal(fs, GradientKernels.SumOfSquares<float>(f, path));
                Assert.Equal(ds, GradientKernels.SumOfSquares<double>(d, path));
            }
            // Lane i mod 16, in element order, then the lanes in order: the scalar definition written out.
            double[] lanes = new double[16];
            for (int i = 0; i < n; i++) lanes[i % 16] += (double)f[i] * f[i];
            Assert.Equal(lanes.Aggregate(0.0, (sum, lane) => sum + lane), fs);
        }
    }

    [Fact]
    public void Max_abs_scale_clamp_and_unscale_are_the_same_on_every_path()
    {
        for (int n = 0; n <= 100; n++)
        {
            float[] source = Random(n + 1000, n, x => (float)x);
            if (n > 10) source[n / 2] = float.NaN;
            double max = GradientKernels.MaxAbs<float>(source, KernelPath.Scalar);
            Assert.Equal(n > 10 ? double.NaN : source.Select(Math.Abs).DefaultIfEmpty(0).Max(), max);
            foreach (var path in Paths)
            {
                Assert.Equal(max, GradientKernels.MaxAbs<float>(source, path));

                float[] scaled = (float[])source.Clone(), clamped = (float[])source.Clone(), unscaled = (float[])source.Clone();
                GradientKernels.Scale<float>(scaled, 0.375f, path);
                GradientKernels.Clamp<float>(clamped, 1e-3f, path);
                bool nonFinite = GradientKernels.UnscaleAndFindNonFinite<float>(unscaled, 1 / 1024f, path);
                Assert.Equal(source.Select(x => x * 0.375f), scaled);
                Assert.Equal(source.Select(x => float.IsNaN(x) ? x : Math.Clamp(x, -1e-3f, 1e-3f)), clamped);
                Assert.Equal(source.Select(x => x * (1 / 1024f)), unscaled);
                Assert.Equal(n > 10, nonFinite);
            }
        }
    }

    [Fact]
    public void Unscaling_finds_an_infinity_in_any_position()
    {
        foreach (var path in Paths)
            for (int position = 0; position < 40; position++)
            {
                double[] values = new double[40];
                values[position] = position % 2 == 0 ? double.PositiveInfinity : double.NegativeInfinity;
                Assert.True(GradientKernels.UnscaleAndFindNonFinite<double>(values, 0.5, path), $"{path} at {position}");
                Assert.False(GradientKernels.UnscaleAndFindNonFinite<double>(new double[40], 0.5, path));
            }
    }
}
