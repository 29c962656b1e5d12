using SimdOpt.Kernels;
using YogiSample;

// Step the generated Yogi kernel (through OptimizerState, which owns the state buffers and their initial values) and a
// plain double-precision reference side by side on a noisy quadratic, and fail unless they agree: the package's
// generator, runtime library and kernels all work from a NuGet feed.
const int n = 1000;
const int steps = 200;
var random = new Random(7);
var target = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 4 - 2).ToArray();

var yogi = new Yogi(lr: 0.05);
var state = new OptimizerState<float>(yogi, n);
float[] p = new float[n], g = new float[n];
double[] rp = new double[n], rv = new double[n], rm = new double[n];
Array.Fill(rv, 1e-6);

double worst = 0;
for (int t = 1; t <= steps; t++)
{
    for (int i = 0; i < n; i++) g[i] = (float)(p[i] - target[i] + 0.01 * (random.NextDouble() - 0.5));
    var rg = g.Select(x => (double)x).ToArray();
    state.Step(p, g);

    for (int i = 0; i < n; i++)
    {
        rm[i] = 0.9 * rm[i] + 0.1 * rg[i];
        double g2 = rg[i] * rg[i];
        rv[i] -= (1 - 0.999) * Math.Sign(rv[i] - g2) * g2;
        rp[i] -= 0.05 * rm[i] / (Math.Sqrt(rv[i]) + 1e-3);
        worst = Math.Max(worst, Math.Abs(p[i] - rp[i]));
    }
}

double distance = Math.Sqrt(Enumerable.Range(0, n).Sum(i => (p[i] - target[i]) * (p[i] - target[i])) / n);
Console.WriteLine($"Registered: {string.Join(", ", OptimizerRegistry.All.Select(o => o.Name))}");
Console.WriteLine($"yogi: {steps} steps on {n} parameters, RMS distance to the optimum {distance:F4}, largest difference from the reference {worst:E2}");
if (worst > 1e-3 || distance > 0.1)
{
    Console.Error.WriteLine("FAIL: the generated kernel disagrees with the reference or did not converge.");
    return 1;
}
Console.WriteLine("PASS");
return 0;
