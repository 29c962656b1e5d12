using SimdOpt.Cli.Replay;
using SimdOpt.Tests.Support;
using Xunit.Sdk;

namespace SimdOpt.Tests.References;

/// <summary>
/// The references themselves reproduce torch.optim: each golden trajectory, run through the optimizer's reference in
/// double, stays within the golden rule |actual - expected| &lt;= 1e-5 + 1e-4 * |expected| at every step. So the
/// kernels are held against references that are known to be right, not merely against a second copy of the same idea.
/// </summary>
public sealed class ReferenceGoldenTests
{
    /// <summary>One golden case through its reference.</summary>
    [Theory]
    [MemberData(nameof(GoldenFiles.Cases), MemberType = typeof(GoldenFiles))]
    public void Reference_reproduces_the_golden_trajectory(string file)
    {
        var golden = GoldenCase.Parse(File.ReadAllText(GoldenFiles.PathOf(file)));
        golden.CheckShapes();
        var group = ParamGroup.Of(GoldenReplayer.Build(golden));
        var reference = Reference.For(golden.Optimizer);
        var p = (double[])golden.Params.Clone();
        var state = new ReferenceState();
        for (int step = 0; step < golden.Grads.Length; step++)
        {
            reference.Step(group, step + 1, p, golden.Grads[step], state);
            for (int i = 0; i < p.Length; i++)
            {
                double expected = golden.Expected[step][i];
                if (!(Math.Abs(p[i] - expected) <= GoldenReplayer.AbsoluteTolerance + GoldenReplayer.RelativeTolerance * Math.Abs(expected)))
                    throw new XunitException($"{file}, step {step + 1}, element {i}: the reference gives {p[i]:R}, torch {expected:R}.");
            }
        }
    }
}
