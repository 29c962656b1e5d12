namespace SimdOpt.Cli.Learning;

/// <summary>How many training images each step's gradient averages over: the lecture's three kinds of gradient
/// descent.</summary>
/// <param name="Name">BGD, SGD or mini-batch.</param>
/// <param name="Size">Images per step, or null for the whole training set.</param>
internal sealed record BatchScheme(string Name, int? Size)
{
    /// <summary>Batch gradient descent: the whole training set per step.</summary>
    public static BatchScheme Full { get; } = new("BGD", null);

    /// <summary>Stochastic gradient descent: one image per step.</summary>
    public static BatchScheme Single { get; } = new("SGD", 1);

    /// <summary>Mini-batch gradient descent: 32 images per step.</summary>
    public static BatchScheme MiniBatch { get; } = new("mini-batch", 32);

    /// <summary>The three, in the lecture's order.</summary>
    public static IReadOnlyList<BatchScheme> All { get; } = [Full, Single, MiniBatch];

    /// <summary>The batch size on a training set of <paramref name="count"/> images.</summary>
    public int SizeFor(int count) => Math.Min(Size ?? count, count);

    /// <summary>The name with the batch size, e.g. <c>mini-batch (32)</c>.</summary>
    public string Title => Size switch { null => Name + " (all)", int size => $"{Name} ({size})" };
}
