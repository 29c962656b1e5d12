using static SimdOpt.Generators.Emit.RuntimeNames;

namespace SimdOpt.Generators.Emit;

// Access by declared name (Get/SetHyperparameter, Get/SetFlag) and Clone. A null name is an ArgumentNullException,
// an unknown one an ArgumentException listing the known names.
internal static partial class OptimizerEmitter
{
    private static void EmitByName(CodeWriter w, KernelModel model)
    {
        EmitAccessors(w, model, "Hyperparameter", "double", model.Hyperparameters.Select(h => (h.Name, h.Property,
            PerStepEmitter.HyperparameterField(h.Name))));
        EmitAccessors(w, model, "Flag", "bool", model.Flags.Select(f => (f.Name, f.Property,
            PerStepEmitter.FlagField(f.Name))));
        w.Line("/// <inheritdoc/>");
        w.Line("public override " + OptimizerHyperparameters + " Clone() => (" + ClassName(model)
            + ")MemberwiseClone();");
        w.Line();
    }

    // Get{kind}(name) reads the field; Set{kind}(name, value) goes through the property, so a set is checked as one.
    private static void EmitAccessors(CodeWriter w, KernelModel model, string kind, string type,
        IEnumerable<(string Name, string Property, string Field)> members)
    {
        var all = members.ToArray();
        const string nullName = "throw new " + ArgumentNullException + "(nameof(name))";
        string unknown = "throw " + Guard + ".UnknownName(\"" + kind.ToLowerInvariant() + "\", name, "
            + Literals.String(model.OptimizerName) + ", "
            + Literals.String(string.Join(", ", all.Select(m => m.Name))) + ")";
        w.Line("/// <inheritdoc/>");
        w.Open("public override " + type + " Get" + kind + "(string name) => name switch");
        w.Line("null => " + nullName + ",");
        foreach (var m in all) w.Line(Literals.String(m.Name) + " => " + m.Field + ",");
        w.Line("_ => " + unknown + ",");
        w.Close(";");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Open("public override void Set" + kind + "(string name, " + type + " value)");
        w.Open("switch (name)");
        w.Line("case null: " + nullName + ";");
        foreach (var m in all) w.Line("case " + Literals.String(m.Name) + ": " + m.Property + " = value; break;");
        w.Line("default: " + unknown + ";");
        w.Close();
        w.Close();
        w.Line();
    }
}
