using System.Linq;
using SimdOpt.Generators.Model;
using static SimdOpt.Generators.Emit.RuntimeNames;

namespace SimdOpt.Generators.Emit;

// Access by declared name (Get/SetHyperparameter, Get/SetFlag) and Clone. A null name is an ArgumentNullException,
// an unknown one an ArgumentException listing the known names.
internal static partial class OptimizerEmitter
{
    private const string NullName = "throw new " + ArgumentNullException + "(nameof(name))";

    private static void EmitByName(CodeWriter w, KernelModel model)
    {
        string knownHyperparameters = Literals.String(string.Join(", ", model.Hyperparameters.Select(h => h.Name)));
        string knownFlags = Literals.String(string.Join(", ", model.Flags.Select(f => f.Name)));
        string unknown(string kind, string known) =>
            "throw " + Guard + ".UnknownName(\"" + kind + "\", name, " + Literals.String(model.OptimizerName) + ", " + known + ")";

        w.Line("/// <inheritdoc/>");
        w.Open("public override double GetHyperparameter(string name) => name switch");
        w.Line("null => " + NullName + ",");
        foreach (var h in model.Hyperparameters) w.Line(Literals.String(h.Name) + " => " + UniformEmitter.HyperparameterField(h.Name) + ",");
        w.Line("_ => " + unknown("hyperparameter", knownHyperparameters) + ",");
        w.Close(";");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Open("public override void SetHyperparameter(string name, double value)");
        w.Open("switch (name)");
        w.Line("case null: " + NullName + ";");
        foreach (var h in model.Hyperparameters) w.Line("case " + Literals.String(h.Name) + ": " + h.Property + " = value; break;");
        w.Line("default: " + unknown("hyperparameter", knownHyperparameters) + ";");
        w.Close();
        w.Close();
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Open("public override bool GetFlag(string name) => name switch");
        w.Line("null => " + NullName + ",");
        foreach (var f in model.Flags) w.Line(Literals.String(f.Name) + " => " + UniformEmitter.FlagField(f.Name) + ",");
        w.Line("_ => " + unknown("flag", knownFlags) + ",");
        w.Close(";");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Open("public override void SetFlag(string name, bool value)");
        w.Open("switch (name)");
        w.Line("case null: " + NullName + ";");
        foreach (var f in model.Flags) w.Line("case " + Literals.String(f.Name) + ": " + f.Property + " = value; break;");
        w.Line("default: " + unknown("flag", knownFlags) + ";");
        w.Close();
        w.Close();
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("public override " + OptimizerHyperparameters + " Clone() => (" + ClassName(model) + ")MemberwiseClone();");
        w.Line();
    }
}
