using Microsoft.CodeAnalysis;

namespace SimdOpt.Generators.Model;

/// <summary>A diagnostic as plain data: which descriptor, its message arguments and where.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location,
    EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location,
        params string[] arguments) =>
        new(descriptor, location, new EquatableArray<string>(arguments));

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Descriptor, Location?.ToLocation(), Arguments.ToArrayOfObjects());
}

internal static class DiagnosticArguments
{
    public static object[] ToArrayOfObjects(this EquatableArray<string> arguments)
    {
        var result = new object[arguments.Count];
        for (int i = 0; i < result.Length; i++) result[i] = arguments[i];
        return result;
    }
}
