namespace SimdOpt.Generators.Model;

/// <summary>One <c>[Optimizer]</c> of the compilation: its registry name, its class and where the name is
/// written.</summary>
internal sealed record OptimizerDeclaration(string Name, string TypeName, LocationInfo? Location);

/// <summary>An optimizer a referenced assembly already registers (SimdOpt's own, or a library's).</summary>
internal sealed record RegisteredOptimizer(string Name, string TypeName, string Assembly);

/// <summary>A type of the compilation whose full name is that of a type the generated code refers to.</summary>
internal sealed record HidingType(string FullName, LocationInfo? Location);

/// <summary>The registry names checked across the compilation: the errors, and the classes they refuse to
/// generate.</summary>
internal sealed record RegistryCheck(EquatableArray<DiagnosticInfo> Diagnostics, EquatableArray<string> Refused);

/// <summary>
/// What the compilation as a whole decides for each optimizer's generated file: classes whose full names differ only
/// in case (their files need distinct names), classes refused for a registry name, and whether a type of the
/// compilation hides one the generated code needs (then nothing is generated). It changes only with names.
/// </summary>
internal sealed record EmitContext(EquatableArray<string> CaseTwins, EquatableArray<string> Refused,
    bool RuntimeTypeHidden)
{
    /// <summary>Whether the class named <paramref name="fullName"/> is generated.</summary>
    public bool Generates(string fullName) => !RuntimeTypeHidden && !System.Linq.Enumerable.Contains(Refused, fullName);
}
