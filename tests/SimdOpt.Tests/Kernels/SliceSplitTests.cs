using System.Numerics;
using FsCheck.Fluent;
using SimdOpt.Kernels;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Kernels;

/// <summary>
/// A prepared step applied to the pieces of a tensor — cut anywhere, applied in any order, each on any path — gives
/// the bits of the whole tensor on the scalar path: what lets the training runtime split work across threads. An
/// optimizer with reductions over the tensor splits by chunks instead (ReductionChunkTests).
/// </summary>
public sealed class SliceSplitTests
{
    /// <summary>Pieces equal the whole, on float.</summary>
    [Theory]
    [MemberData(nameof(Registered.ElementwiseNames), MemberType = typeof(Registered))]
    public void Pieces_in_any_order_on_any_path_equal_the_whole_for_float(string optimizer) => Check<float>(optimizer);

    /// <summary>Pieces equal the whole, on double.</summary>
    [Theory]
    [MemberData(nameof(Registered.ElementwiseNames), MemberType = typeof(Registered))]
    public void Pieces_in_any_order_on_any_path_equal_the_whole_for_double(string optimizer) => Check<double>(optimizer);

    private static void Check<T>(string optimizer) where T : unmanaged, IFloatingPointIeee754<T> =>
        Property.ForAll(
            from c in KernelCase.For(OptimizerRegistry.Get(optimizer))
            from seed in Gen.Choose(int.MinValue, int.MaxValue)
            select (Case: c, SplitSeed: seed),
            run =>
            {
                var c = run.Case;
                var initial = c.Workspace<T>();
                var expected = c.RunPlan(initial, KernelPath.Scalar);
                var random = new Random(run.SplitSeed);
                var actual = initial.Clone();
                var plan = c.Optimizer.CreatePlan<T>();
                for (int s = 0; s < c.Steps; s++)
                {
                    plan.Prepare(c.FirstStep + s, actual.StepState);
                    foreach (var (start, length) in Pieces(c.Length, random))
                        plan.Apply(actual.P.Slice(start, length), actual.G(s).Slice(start, length),
                            actual.X(s).Slice(start, length), actual.Spans.Slice(start, length),
                            Registered.AllPaths[random.Next(Registered.AllPaths.Length)]);
                }
                Workspace<T>.AssertSameResults(expected, actual, "pieces (split seed " + run.SplitSeed + ") vs whole on Scalar");
            });

    /// <summary>Cuts [0, length) at up to five random points and shuffles the pieces.</summary>
    internal static (int Start, int Length)[] Pieces(int length, Random random)
    {
        var cuts = Enumerable.Range(0, random.Next(6)).Select(_ => random.Next(length + 1)).Append(0).Append(length).Distinct().Order().ToArray();
        var pieces = cuts.Zip(cuts.Skip(1), (a, b) => (a, b - a)).ToArray();
        random.Shuffle(pieces);
        return pieces;
    }
}
