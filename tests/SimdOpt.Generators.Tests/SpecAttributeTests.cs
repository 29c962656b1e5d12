using SimdOpt.Generators.Parsing;

namespace SimdOpt.Generators.Tests;

/// <summary>The parser knows every attribute of the spec language the runtime declares, by the names it
/// declares.</summary>
public sealed class SpecAttributeTests
{
    [Fact]
    public void The_parser_names_exactly_the_attributes_the_runtime_declares()
    {
        var declared = typeof(SimdOpt.Spec.OptimizerAttribute).Assembly.GetExportedTypes()
            .Where(type => type.Namespace == SpecAttributes.Namespace && type.IsSubclassOf(typeof(Attribute)))
            .Select(type => type.Name[..^"Attribute".Length])
            .Order(StringComparer.Ordinal);

        Assert.Equal(declared, SpecAttributes.All.Order(StringComparer.Ordinal));
    }
}
