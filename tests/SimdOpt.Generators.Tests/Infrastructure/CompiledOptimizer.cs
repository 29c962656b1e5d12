using System.Reflection;
using SimdOpt.Kernels;

namespace SimdOpt.Generators.Tests.Infrastructure;

/// <summary>
/// A spec compiled in memory with the generator, loaded, and stepped through its plan in double precision: how the
/// language tests run what they declare.
/// </summary>
internal sealed class CompiledOptimizer
{
    private CompiledOptimizer(OptimizerHyperparameters definition) => Definition = definition;

    /// <summary>A fresh instance with the declared defaults.</summary>
    public OptimizerHyperparameters Definition { get; }

    public static CompiledOptimizer Compile(string source)
    {
        var run = GeneratorHarness.RunSpec(source);
        Assert.Null(run.Crash);
        Assert.Empty(run.Diagnostics.Select(d => d.ToString()));
        Assert.Empty(run.GeneratedCodeProblems.Select(d => d.ToString()));
        using var image = new MemoryStream();
        var emitted = run.Output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        var assembly = Assembly.Load(image.ToArray());
        var type = assembly.GetTypes().Single(t => t.IsSubclassOf(typeof(OptimizerHyperparameters)));
        var info = (OptimizerInfo)type.GetProperty("Descriptor")!.GetValue(null)!;
        return new CompiledOptimizer(info.Create());
    }

    /// <summary>
    /// Steps <paramref name="p"/> (in place) <paramref name="steps"/> times with the gradients
    /// <paramref name="gradient"/> gives for each step count, starting from the declared initial state; returns the
    /// state buffers.
    /// </summary>
    /// <param name="inputs">The inputs besides g for each step count (an empty array for one not given), or null when
    /// the spec declares none.</param>
    public double[][] Step(double[] p, int steps, Func<long, double[]> gradient, double[]? stepState = null,
        Func<long, double[][]>? inputs = null)
    {
        var info = Definition.Info;
        stepState ??= new double[info.StepStates.Count];
        Definition.InitializeStepState(stepState);
        var block = new double[info.States.Count * p.Length];
        for (int k = 0; k < info.States.Count; k++) Array.Fill(block, Definition.InitialStateValue(k), k * p.Length, p.Length);
        var plan = Definition.CreatePlan<double>();
        for (long t = 1; t <= steps; t++)
        {
            plan.Prepare(t, stepState);
            var given = (inputs?.Invoke(t) ?? []).Select(x => (ReadOnlyMemory<double>)x).ToArray();
            var state = new StateSpans<double>(block, info.States.Count, p.Length);
            plan.Apply(p, gradient(t), new InputSpans<double>(given), state);
        }
        return Enumerable.Range(0, info.States.Count).Select(k => block.AsSpan(k * p.Length, p.Length).ToArray()).ToArray();
    }
}
