using System.Globalization;
using System.Text;

namespace SimdOpt.Benchmarks.Reporting;

/// <summary>The pieces every section of the generated results is written with: headings and numbers as markdown
/// cells.</summary>
internal static class ReportText
{
    /// <summary>A section's heading and the sentence that says what its table holds.</summary>
    public static void Heading(StringBuilder text, string title, string legend)
    {
        text.AppendLine("### " + title);
        text.AppendLine();
        text.AppendLine(legend);
        text.AppendLine();
    }

    /// <summary>A number in the invariant culture, or a dash when it was not measured (NaN).</summary>
    public static string F(double value, string format = "0.000") =>
        double.IsNaN(value) ? "–" : value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>A time ratio against a reference as a signed whole percentage: 1.04 is <c>+4%</c>, 0.98 is <c>-2%</c>,
    /// one that rounds to 0 is <c>±0%</c>.</summary>
    public static string Percent(double ratio) => (ratio - 1).ToString("+0%;-0%;±0%", CultureInfo.InvariantCulture);
}
