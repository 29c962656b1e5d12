using System.Numerics;
using FsCheck.Fluent;
using SimdOpt.Kernels;
using SimdOpt.Kernels.Internal;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Kernels;

/// <summary>
/// An optimizer with reductions over the tensor gives the same bits on every path for tensors of several chunks, and
/// its chunk protocol — each pass's chunks computed in any order on any path, their partials combined in chunk order,
/// then the update applied to pieces in any order — gives the bits of the whole tensor's step on the scalar path:
/// what lets the training runtime share a reducing tensor between threads.
/// </summary>
public sealed class ReductionChunkTests
{
    /// <summary>Long tensors (up to four chunks) on every path, float.</summary>
    [Theory]
    [MemberData(nameof(Registered.ReducingNames), MemberType = typeof(Registered))]
    public void Every_path_equals_the_scalar_path_over_several_chunks_for_float(string optimizer) =>
        EveryPath<float>(optimizer);

    /// <summary>Long tensors (up to four chunks) on every path, double.</summary>
    [Theory]
    [MemberData(nameof(Registered.ReducingNames), MemberType = typeof(Registered))]
    public void Every_path_equals_the_scalar_path_over_several_chunks_for_double(string optimizer) =>
        EveryPath<double>(optimizer);

    /// <summary>Chunks in any order on any path equal the whole, float.</summary>
    [Theory]
    [MemberData(nameof(Registered.ReducingNames), MemberType = typeof(Registered))]
    public void Chunks_in_any_order_on_any_path_equal_the_whole_for_float(string optimizer) => Chunks<float>(optimizer);

    /// <summary>Chunks in any order on any path equal the whole, double.</summary>
    [Theory]
    [MemberData(nameof(Registered.ReducingNames), MemberType = typeof(Registered))]
    public void Chunks_in_any_order_on_any_path_equal_the_whole_for_double(string optimizer) =>
        Chunks<double>(optimizer);

    private const int Cases = 12;

    private static FsCheck.Gen<KernelCase> LongCases(string optimizer) =>
        from c in KernelCase.For(OptimizerRegistry.Get(optimizer))
        from length in FsCheck.Fluent.Gen.Choose(DeterministicReduction.ChunkLength - 40,
            4 * DeterministicReduction.ChunkLength)
        select c with { Length = length, Steps = Math.Min(c.Steps, 2) };

    private static void EveryPath<T>(string optimizer) where T : unmanaged, IFloatingPointIeee754<T> =>
        Property.ForAll(LongCases(optimizer), c =>
        {
            var initial = c.Workspace<T>();
            var scalar = c.RunPlan(initial, KernelPath.Scalar);
            Workspace<T>.AssertWritesOnlyInside(initial, scalar, c.Optimizer.IsStateActive);
            foreach (var path in Registered.NonScalarPaths)
                Workspace<T>.AssertSameResults(scalar, c.RunPlan(initial, path), path + " vs Scalar");
        }, Cases);

    private static void Chunks<T>(string optimizer) where T : unmanaged, IFloatingPointIeee754<T> =>
        Property.ForAll(
            from c in LongCases(optimizer)
            from seed in FsCheck.Fluent.Gen.Choose(int.MinValue, int.MaxValue)
            select (Case: c, SplitSeed: seed),
            run =>
            {
                var c = run.Case;
                var initial = c.Workspace<T>();
                var expected = c.RunPlan(initial, KernelPath.Scalar);
                var random = new Random(run.SplitSeed);
                var actual = initial.Clone();
                var plan = c.Optimizer.CreatePlan<T>();
                int chunk = DeterministicReduction.ChunkLength, count = plan.ReductionCount;
                var chunks = Enumerable.Range(0, (c.Length + chunk - 1) / chunk).ToArray();
                for (int s = 0; s < c.Steps; s++)
                {
                    plan.Prepare(c.FirstStep + s, actual.StepState);
                    var totals = new double[count];
                    for (int pass = 1; pass <= plan.ReductionPasses; pass++)
                    {
                        var partials = new double[chunks.Length][];
                        random.Shuffle(chunks);
                        foreach (int k in chunks)
                        {
                            int start = k * chunk, length = Math.Min(chunk, c.Length - start);
                            partials[k] = new double[count];
                            plan.Reduce(pass, actual.P.Slice(start, length), actual.G(s).Slice(start, length),
                                actual.X(s).Slice(start, length), actual.Spans.Slice(start, length), c.Length,
                                totals, partials[k],
                                Registered.AllPaths[random.Next(Registered.AllPaths.Length)]);
                        }
                        for (int k = 0; k < chunks.Length; k++) plan.Combine(pass, partials[k], totals);
                    }
                    plan.Check(c.Length, totals);
                    foreach (var (start, length) in SliceSplitTests.Pieces(c.Length, random))
                        plan.Apply(actual.P.Slice(start, length), actual.G(s).Slice(start, length),
                            actual.X(s).Slice(start, length), actual.Spans.Slice(start, length), c.Length, totals,
                            Registered.AllPaths[random.Next(Registered.AllPaths.Length)]);
                }
                Workspace<T>.AssertSameResults(expected, actual, "chunks (split seed " + run.SplitSeed + ") vs whole");
            }, Cases);
}
