using System.Globalization;
using System.IO.Compression;

namespace SimdOpt.Cli.Learning;

/// <summary>
/// Handwritten digits: 8x8 images with pixel counts 0..16, scaled to [0, 1], and their labels 0..9. The demo ships
/// the 1,797 images of the UCI "Optical Recognition of Handwritten Digits" test set (Alpaydin and Kaynak, 1998,
/// CC BY 4.0) as an embedded resource.
/// </summary>
internal sealed class DigitsSet
{
    /// <summary>Pixels per image.</summary>
    public const int Features = 64;

    /// <summary>Number of classes.</summary>
    public const int Classes = 10;

    private const string ResourceName = "SimdOpt.Cli.Data.digits.csv.gz";

    private readonly float[] _pixels;
    private readonly byte[] _labels;

    private DigitsSet(float[] pixels, byte[] labels)
    {
        _pixels = pixels;
        _labels = labels;
    }

    /// <summary>The number of images.</summary>
    public int Count => _labels.Length;

    /// <summary>The 64 scaled pixels of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Image(int index) => _pixels.AsSpan(index * Features, Features);

    /// <summary>The label of image <paramref name="index"/>.</summary>
    public int Label(int index) => _labels[index];

    /// <summary>Reads the embedded data set.</summary>
    public static DigitsSet Load()
    {
        using var stream = typeof(DigitsSet).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException(
                $"The embedded resource '{ResourceName}' is missing from the build.");
        using var reader = new StreamReader(new GZipStream(stream, CompressionMode.Decompress));
        return Parse(reader);
    }

    /// <summary>Parses lines of 64 pixel counts (0..16) and a label (0..9), comma-separated.</summary>
    /// <exception cref="FormatException">A line is malformed; the message names the line.</exception>
    public static DigitsSet Parse(TextReader reader)
    {
        var pixels = new List<float>();
        var labels = new List<byte>();
        int lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var fields = line.Split(',');
            if (fields.Length != Features + 1)
                throw new FormatException(
                    $"Digits line {lineNumber}: {fields.Length} fields, expected {Features + 1}.");
            for (int i = 0; i <= Features; i++)
            {
                int max = i < Features ? 16 : Classes - 1;
                if (!int.TryParse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture, out int value)
                    || value > max)
                    throw new FormatException(
                        $"Digits line {lineNumber}, field {i + 1}: '{fields[i]}' is not an integer from 0 to {max}.");
                if (i < Features) pixels.Add(value / 16f);
                else labels.Add((byte)value);
            }
        }
        return new DigitsSet(pixels.ToArray(), labels.ToArray());
    }

    /// <summary>Splits the images at random (from <paramref name="seed"/>) into a training set and a held-out test set
    /// of <paramref name="testShare"/>.</summary>
    public (DigitsSet Train, DigitsSet Test) Split(double testShare, int seed)
    {
        if (!(testShare > 0 && testShare < 1))
            throw new ArgumentOutOfRangeException(nameof(testShare), testShare,
                "The test share must lie strictly between 0 and 1.");
        var order = Enumerable.Range(0, Count).ToArray();
        new Random(seed).Shuffle(order);
        int testCount = (int)Math.Round(Count * testShare);
        return (Subset(order.AsSpan(testCount)), Subset(order.AsSpan(0, testCount)));
    }

    /// <summary>The images <paramref name="indices"/>, in that order, with <paramref name="labels"/> in place of their
    /// own (a model's sampled labels, for Sophia-G's Hessian estimate).</summary>
    public DigitsSet Relabeled(ReadOnlySpan<int> indices, ReadOnlySpan<byte> labels)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(labels.Length, indices.Length, nameof(labels));
        var subset = Subset(indices);
        labels.CopyTo(subset._labels);
        return subset;
    }

    private DigitsSet Subset(ReadOnlySpan<int> indices)
    {
        var pixels = new float[indices.Length * Features];
        var labels = new byte[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            Image(indices[i]).CopyTo(pixels.AsSpan(i * Features));
            labels[i] = _labels[indices[i]];
        }
        return new DigitsSet(pixels, labels);
    }
}
