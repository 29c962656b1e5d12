using FsCheck;
using FsCheck.Fluent;
using SimdOpt.Kernels;

namespace SimdOpt.Tests.Support;

/// <summary>A closed interval of hyperparameter values to draw from.</summary>
/// <param name="Min">The smallest value.</param>
/// <param name="Max">The largest value.</param>
internal readonly record struct Interval(double Min, double Max);

/// <summary>
/// Draws whole optimizer configurations: every hyperparameter inside its declared range (read from the descriptor),
/// every flag at random, so every flag combination comes up. Configurations that a declared rule between
/// hyperparameters refuses (SGD's Nesterov without momentum) are drawn again.
/// </summary>
internal static class Hyperparameters
{
    /// <summary>
    /// Where a declared range is unbounded above, values are drawn up to <c>Min + max(10 * Default, 1)</c>: wide
    /// enough for every regime the default hints at, finite so a float kernel can run a few steps without overflow.
    /// </summary>
    public static Interval DrawingRange(HyperparameterInfo h) =>
        new(h.Min, double.IsPositiveInfinity(h.Max) ? h.Min + Math.Max(10 * Math.Abs(h.Default), 1) : h.Max);

    /// <summary>An optimizer of kind <paramref name="info"/> with hyperparameters drawn from their declared
    /// ranges.</summary>
    /// <param name="info">The optimizer's descriptor.</param>
    public static Gen<OptimizerHyperparameters> Any(OptimizerInfo info) => Any(info, DrawingRange);

    /// <summary>An optimizer of kind <paramref name="info"/> with each hyperparameter drawn from
    /// <paramref name="range"/> (clipped to its declared range).</summary>
    /// <param name="info">The optimizer's descriptor.</param>
    /// <param name="range">The interval to draw each hyperparameter from.</param>
    public static Gen<OptimizerHyperparameters> Any(OptimizerInfo info, Func<HyperparameterInfo, Interval> range)
    {
        var numbers = Gen.CollectToArray(info.Hyperparameters.Select(h => Value(h, range(h))));
        var flags = Gen.CollectToArray(info.Flags.Select(_ => Gen.Elements(false, true)));
        return numbers.SelectMany(n => flags, (n, f) => Build(info, n, f)).Where(RulesHold);
    }

    /// <summary>
    /// One value: now and then a value that switches behaviour (a bound, the default, 0), else uniform over the
    /// interval or log-uniform over its upper twelve decades (small learning rates and epsilons).
    /// </summary>
    private static Gen<double> Value(HyperparameterInfo h, Interval range)
    {
        double lo = Math.Max(range.Min, h.Min), hi = Math.Min(range.Max, h.Max);
        var unit = Gen.Choose(0, int.MaxValue).Select(k => k / (double)int.MaxValue);
        var choices = new List<(int, Gen<double>)> { (2, unit.Select(u => lo + (hi - lo) * u)) };
        double smallest = Math.Max(lo, hi * 1e-12);
        if (smallest > 0 && smallest < hi)
            choices.Add((1, unit.Select(u => smallest * Math.Pow(hi / smallest, u))));
        var notable = new[] { lo, hi, h.Default, 0 }.Where(v => v >= lo && v <= hi && h.Accepts(v)).Distinct().ToArray();
        if (notable.Length > 0) choices.Add((1, Gen.Elements(notable)));
        return Gen.Frequency(choices).Where(h.Accepts);
    }

    private static OptimizerHyperparameters Build(OptimizerInfo info, double[] numbers, bool[] flags)
    {
        var optimizer = info.Create();
        for (int i = 0; i < numbers.Length; i++) optimizer.SetHyperparameter(info.Hyperparameters[i].Name, numbers[i]);
        for (int i = 0; i < flags.Length; i++) optimizer.SetFlag(info.Flags[i].Name, flags[i]);
        return optimizer;
    }

    /// <summary>Whether the declared rules between hyperparameters accept <paramref name="optimizer"/>: preparing a
    /// step is where they are checked.</summary>
    public static bool RulesHold(OptimizerHyperparameters optimizer)
    {
        var stepState = new double[optimizer.Info.StepStates.Count];
        optimizer.InitializeStepState(stepState);
        try
        {
            optimizer.CreatePlan<double>().Prepare(1, stepState);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
