using System.Globalization;

namespace SimdOpt.Training.Interchange;

/// <summary>The names of torch's state_dict layout in a safetensors file.</summary>
internal static class TorchNames
{
    /// <summary>The metadata entry of torch's <c>param_groups</c>, as JSON.</summary>
    public const string ParamGroups = "param_groups";

    /// <summary>The metadata entry of what torch does not hold exactly (see <see cref="TorchCheckpoint"/>).</summary>
    public const string SimdOpt = "simdopt";

    /// <summary>The state key of torch's step count.</summary>
    public const string Step = "step";

    /// <summary>The <c>param_groups</c> key of the learning rate schedules start from.</summary>
    public const string InitialLr = "initial_lr";

    /// <summary>The prefix of tensor <paramref name="index"/>'s state keys: <c>state.{index}.</c>.</summary>
    public static string State(int index) => "state." + index.ToString(CultureInfo.InvariantCulture) + ".";

    /// <summary>The key of tensor <paramref name="index"/>'s values: <c>param.{index}</c>.</summary>
    public static string Parameter(int index) => "param." + index.ToString(CultureInfo.InvariantCulture);
}
