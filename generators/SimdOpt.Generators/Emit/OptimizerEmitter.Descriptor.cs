using static SimdOpt.Generators.Emit.RuntimeNames;

namespace SimdOpt.Generators.Emit;

// The descriptor (the declaration as data) and its registration in the optimizer registry.
internal static partial class OptimizerEmitter
{
    private static void EmitDescriptor(CodeWriter w, KernelModel model)
    {
        w.Line("/// <summary>The declaration of '" + Literals.Xml(model.OptimizerName)
            + "': hyperparameters, flags and state, as the generator read them.</summary>");
        w.Line("public static " + OptimizerInfo + " Descriptor { get; } = new " + OptimizerInfo + "(");
        w.Line("    " + Literals.String(model.OptimizerName) + ", typeof(" + ClassName(model) + "), "
            + Literals.String(model.Description) + ",");
        w.Line("    new " + HyperparameterInfo + "[]");
        w.Line("    {");
        foreach (var h in model.Hyperparameters)
            w.Line("        new(" + Literals.String(h.Name) + ", " + Literals.String(h.Property) + ", "
                + Literals.Double(h.Default) + ", " + Literals.Double(h.Min) + ", "
                + Literals.Double(h.Max) + ", " + Literals.Bool(h.MinExclusive) + ", " + Literals.Bool(h.MaxExclusive)
                + ", " + Literals.String(h.Description) + "),");
        w.Line("    },");
        w.Line("    new " + FlagInfo + "[]");
        w.Line("    {");
        foreach (var f in model.Flags)
            w.Line("        new(" + Literals.String(f.Name) + ", " + Literals.String(f.Property) + ", "
                + Literals.Bool(f.Default) + ", " + Literals.String(f.Description) + "),");
        w.Line("    },");
        w.Line("    new " + StateInfo + "[]");
        w.Line("    {");
        foreach (var s in model.States)
            w.Line("        new(" + Literals.String(s.Name) + ", " + Literals.String(s.InitText) + ", "
                + Literals.String(s.ConditionText) + "),");
        w.Line("    },");
        w.Line("    new " + StepStateInfo + "[]");
        w.Line("    {");
        foreach (var s in model.StepStates)
            w.Line("        new(" + Literals.String(s.Name) + ", " + Literals.String(s.InitText) + "),");
        w.Line("    },");
        if (model.Inputs.Count > 0)
        {
            w.Line("    new " + InputInfo + "[]");
            w.Line("    {");
            foreach (var x in model.Inputs)
                w.Line("        new(" + Literals.String(x.Name) + ", " + Literals.String(x.ConditionText) + "),");
            w.Line("    },");
        }
        w.Line("    static () => new " + ClassName(model) + "())"
            + (model.Modes.Count > 0 ? " { HasModes = true }" : "") + ";");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("public override " + OptimizerInfo + " Info => Descriptor;");
        w.Line();
        if (!model.Registered) return;
        w.Line("/// <summary>Registers '" + Literals.Xml(model.OptimizerName)
            + "' in the optimizer registry when the assembly loads.</summary>");
        w.Line(ModuleInitializer);
        w.Line("internal static void SimdOptRegister() => " + OptimizerRegistry + ".Register(Descriptor);");
        w.Line();
    }
}
