using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace SimdOpt.Generators.Language;

/// <summary>Spec names (snake_case) and the C# names made from them.</summary>
internal static class Names
{
    /// <summary>Names the language itself defines.</summary>
    public static readonly string[] Reserved = { "g", "p", "t", "true", "false" };

    /// <summary>The public members every generated optimizer declares, besides its hyperparameters' and flags'
    /// properties.</summary>
    public static readonly string[] GeneratedMembers =
    {
        "Info", "Descriptor", "Step", "GetHyperparameter", "SetHyperparameter", "GetFlag", "SetFlag", "IsStateActive",
        "InitialStateValue", "InitializeStepState", "CreatePlan", "Clone", "EnterMode",
    };

    /// <summary>Members every generated optimizer has, declared or inherited, which a property must not hide.</summary>
    public static readonly string[] ReservedMembers = GeneratedMembers.Concat(new[]
    {
        "ToString", "Equals", "GetHashCode", "GetType", "MemberwiseClone", "Finalize", "ReferenceEquals",
    }).ToArray();

    /// <summary>The prefix of every private member the generator adds (SimdOptRun, SimdOptPlan, ...).</summary>
    public const string GeneratedPrefix = "SimdOpt";

    /// <summary>Whether a member or class named <paramref name="name"/> would clash with a generated member.</summary>
    public static bool IsReservedMember(string name) =>
        System.Array.IndexOf(ReservedMembers, name) >= 0
        || name.StartsWith(GeneratedPrefix, System.StringComparison.Ordinal);

    /// <summary>The private field that holds hyperparameter <paramref name="name"/>.</summary>
    public static string HyperparameterField(string name) => "_h_" + name;

    /// <summary>The private field that holds flag <paramref name="name"/>.</summary>
    public static string FlagField(string name) => "_f_" + name;

    /// <summary>Parameter names of the generated Step, which a state must not take.</summary>
    public static readonly string[] ReservedParameters = { "hyperparameters", "t", "p", "g", "path" };

    public static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || !(char.IsLetter(name[0]) || name[0] == '_')) return false;
        foreach (char c in name)
            if (!(c < 128 && (char.IsLetterOrDigit(c) || c == '_'))) return false;
        return true;
    }

    /// <summary><c>weight_decay</c> -> <c>WeightDecay</c>; empty when nothing but underscores.</summary>
    public static string Pascal(string name)
    {
        var builder = new StringBuilder();
        foreach (var part in name.Split('_'))
            if (part.Length > 0) builder.Append(char.ToUpperInvariant(part[0])).Append(part, 1, part.Length - 1);
        return builder.ToString();
    }

    /// <summary><c>weight_decay</c> -> <c>weightDecay</c>, escaped with @ when it is a C# keyword.</summary>
    public static string Camel(string name)
    {
        string pascal = Pascal(name);
        return pascal.Length == 0 ? pascal : Escape(char.ToLowerInvariant(pascal[0]) + pascal.Substring(1));
    }

    /// <summary>An identifier as C# must spell it: with @ when it is a keyword.</summary>
    public static string Escape(string identifier) =>
        SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None
        || SyntaxFacts.GetContextualKeywordKind(identifier) != SyntaxKind.None
            ? "@" + identifier
            : identifier;
}
