using static SimdOpt.Generators.Emit.RuntimeNames;

namespace SimdOpt.Generators.Emit;

// The hyperparameters and flags: their fields, the constructor with torch's defaults, and the checked properties.
internal static partial class OptimizerEmitter
{
    private static string Range(HyperparameterModel h) => RangeText.Of(h.Min, h.Max, h.MinExclusive, h.MaxExclusive);

    private static void EmitFields(CodeWriter w, KernelModel model)
    {
        foreach (var h in model.Hyperparameters)
            w.Line("private double " + PerStepEmitter.HyperparameterField(h.Name) + " = " + Literals.Double(h.Default)
                + ";");
        foreach (var f in model.Flags)
            w.Line("private bool " + PerStepEmitter.FlagField(f.Name) + " = " + Literals.Bool(f.Default) + ";");
        w.Line();
    }

    private static void EmitConstructor(CodeWriter w, KernelModel model)
    {
        w.Line("/// <summary>Creates the '" + Literals.Xml(model.OptimizerName)
            + "' optimizer's hyperparameters; every default is torch.optim's.</summary>");
        foreach (var h in model.Hyperparameters)
            w.Line("/// <param name=\"" + Plain(h.Parameter) + "\">" + Summary(h.Description, h.Name) + " (<c>" + h.Name
                + "</c>), in " + Literals.Xml(Range(h)) + ".</param>");
        foreach (var f in model.Flags)
            w.Line("/// <param name=\"" + Plain(f.Parameter) + "\">" + Summary(f.Description, f.Name) + " (<c>" + f.Name
                + "</c>).</param>");
        w.Line("/// <exception cref=\"" + ArgumentOutOfRangeException
            + "\">A hyperparameter is not finite or outside its range.</exception>");
        var parameters = model.Hyperparameters.Select(h => "double " + h.Parameter + " = " + Literals.Double(h.Default))
            .Concat(model.Flags.Select(f => "bool " + f.Parameter + " = " + Literals.Bool(f.Default)));
        w.Open("public " + ClassName(model) + "(" + string.Join(", ", parameters) + ")");
        foreach (var h in model.Hyperparameters) w.Line(h.Property + " = " + h.Parameter + ";");
        foreach (var f in model.Flags) w.Line(f.Property + " = " + f.Parameter + ";");
        w.Close();
        w.Line();
    }

    private static void EmitProperties(CodeWriter w, KernelModel model)
    {
        foreach (var h in model.Hyperparameters)
        {
            w.Line("/// <summary>" + Summary(h.Description, h.Name) + " (<c>" + h.Name + "</c>). Default "
                + RangeText.Bound(h.Default) + ", range " + Literals.Xml(Range(h)) + ".</summary>");
            w.Line("/// <exception cref=\"" + ArgumentOutOfRangeException
                + "\">The value is not finite or outside the range; the property keeps its value.</exception>");
            w.Open("public double " + h.Property);
            w.Line("get => " + PerStepEmitter.HyperparameterField(h.Name) + ";");
            w.Line("set => " + PerStepEmitter.HyperparameterField(h.Name) + " = " + Guard + ".Hyperparameter("
                + Literals.String(h.Name) + ", value, "
                + Literals.Double(h.Min) + ", " + Literals.Double(h.Max) + ", " + Literals.Bool(h.MinExclusive) + ", "
                + Literals.Bool(h.MaxExclusive) + ");");
            w.Close();
            w.Line();
        }
        foreach (var f in model.Flags)
        {
            w.Line("/// <summary>" + Summary(f.Description, f.Name) + " (<c>" + f.Name + "</c>). Default "
                + Literals.Bool(f.Default) + ".</summary>");
            w.Open("public bool " + f.Property);
            w.Line("get => " + PerStepEmitter.FlagField(f.Name) + ";");
            w.Line("set => " + PerStepEmitter.FlagField(f.Name) + " = value;");
            w.Close();
            w.Line();
        }
    }
}
