using System.Globalization;
using SimdOpt.Kernels;
using SimdOpt.Precision;

namespace SimdOpt.Training;

/// <summary>
/// An optimizer over float32, bfloat16 or float16 tensors the caller owns, whose state buffers it keeps in float32,
/// bfloat16, float16 or 8-bit blockwise storage, chosen per group and per buffer (<see cref="StorageOptions"/>); the
/// math of every step is the optimizer's float32 kernel. Schedules, clipping, loss scaling and checkpoints work on it
/// as on <see cref="Optimizer{T}"/>.
/// </summary>
/// <remarks>
/// <code>
/// var optimizer = new LowPrecisionOptimizer(new AdamW(lr: 1e-3), new StorageOptions
/// {
///     States = StorageKind.Quantized8,
///     Codes = new Dictionary&lt;string, Quantized8Code&gt; { ["exp_avg_sq"] = Quantized8Code.UnsignedDynamic },
/// });
/// optimizer.AddGroup([new StoredParameter(weights, gradients)]);   // BFloat16[], float[] or Half[] memory
/// optimizer.Step();
/// </code>
/// A step stages each work item block by block (<c>StagedStep</c>): widen, run the kernel, narrow, so each byte is
/// read once and written once. A group stored wholly in float32 is stepped in place, exactly as by
/// <see cref="Optimizer{T}"/>.
/// </remarks>
public sealed partial class LowPrecisionOptimizer : Optimizer
{
    private StagedTensor[] _tensors = [];
    private readonly List<StorageOptions> _groupStorage = [];
    private WorkPartition _partition = WorkPartition.Create([]);

    /// <summary>Creates an optimizer without parameters, whose groups are stored as <paramref name="storage"/> unless
    /// they say otherwise.</summary>
    /// <param name="hyperparameters">The hyperparameters and flags of groups added without their own (copied).</param>
    /// <param name="storage">The storage of groups added without their own; null for float32.</param>
    /// <exception cref="ArgumentNullException"><paramref name="hyperparameters"/> is null.</exception>
    /// <exception cref="ArgumentException">The storage names a state buffer the optimizer does not declare, or asks for
    /// stochastic rounding together with master weights.</exception>
    /// <exception cref="NotSupportedException">The optimizer reads inputs besides the gradient (Sophia's Hessian
    /// estimate), which low-precision storage does not carry.</exception>
    public LowPrecisionOptimizer(OptimizerHyperparameters hyperparameters, StorageOptions? storage = null)
        : base(hyperparameters)
    {
        if (Info.HasModes)
            throw new NotSupportedException(
                $"Optimizer '{Info.Name}' has a train/eval switch, which a LowPrecisionOptimizer does not run: "
                + "step it with Optimizer<float>.");
        if (Info.Inputs.Count != 0)
            throw new NotSupportedException(
                $"Optimizer '{Info.Name}' reads inputs besides the gradient "
                + $"({string.Join(", ", Info.Inputs.Select(i => i.Name))}); "
                + "a LowPrecisionOptimizer does not carry them: step it with Optimizer<float>.");
        Storage = storage ?? StorageOptions.Float32;
        CheckStorage(Storage, nameof(storage));
    }

    /// <summary>The storage of groups added without their own.</summary>
    public StorageOptions Storage { get; }

    /// <inheritdoc/>
    public override Type ElementType => typeof(float);

    /// <summary>The bytes the optimizer owns: every state buffer (8-bit codes with their scales) and master
    /// copy.</summary>
    public long OwnedBytes => _tensors.Sum(t => t.OwnedBytes);

    /// <summary>
    /// Adds a parameter group (torch's <c>add_param_group</c>). Every buffer of every group must be separate memory.
    /// The group's state buffers are allocated now in their storage and filled with their initial values on its first
    /// step, except a buffer the group's flags leave unused (AdamW's <c>max_exp_avg_sq</c> without <c>amsgrad</c>),
    /// allocated by the first step that uses it, unless every state buffer is float32 (one block, as
    /// <see cref="Optimizer{T}"/> holds it); master copies are taken now from the parameters' values.
    /// </summary>
    /// <param name="parameters">The group's tensors.</param>
    /// <param name="hyperparameters">The group's hyperparameters and flags (copied), of this optimizer's kind; null for
    /// a copy of <see cref="Optimizer.Defaults"/>.</param>
    /// <param name="storage">The group's storage; null for <see cref="Storage"/>.</param>
    /// <returns>The new group.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    /// <exception cref="ArgumentException">The hyperparameters are of another optimizer; a buffer shares memory with
    /// another; the storage names an unknown state buffer, or asks for stochastic rounding with master weights or of
    /// float16 parameters. Nothing changes.</exception>
    /// <exception cref="InvalidOperationException">Another call of this optimizer is running on another thread; nothing
    /// changes.</exception>
    public ParameterGroup AddGroup(IEnumerable<StoredParameter> parameters,
        OptimizerHyperparameters? hyperparameters = null, StorageOptions? storage = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        using var call = BeginExclusiveCall();
        StoredParameter[] tensors = [.. parameters];
        if (hyperparameters is not null && hyperparameters.Info != Info)
            throw new ArgumentException(
                $"The group's hyperparameters are of optimizer '{hyperparameters.Info.Name}', "
                + $"but this optimizer is '{Info.Name}'.", nameof(hyperparameters));
        storage ??= Storage;
        CheckStorage(storage, nameof(storage));
        if (storage.StochasticRounding)
            for (int i = 0; i < tensors.Length; i++)
                if (tensors[i].Value.Kind == StorageKind.Float16)
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                        $"Tensor {i} holds Float16 values, but stochastic rounding rounds to BFloat16 only; "
                        + $"keep master weights for float16 parameters instead."), nameof(storage));
        for (int i = 0; i < tensors.Length; i++)
            if ((long)Info.States.Count * tensors[i].Length > Array.MaxLength)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Tensor {i} has {tensors[i].Length} elements: "
                    + $"its {Info.States.Count} state buffers do not fit in one array."), nameof(parameters));
        int groupIndex = Groups.Count;
        EnsureDisjoint(tensors, groupIndex);

        var steps = new StepProtocol<float>((hyperparameters ?? Defaults).Clone());
        var names = Info.States.Select(s => s.Name).ToArray();
        var registered = new StagedTensor[tensors.Length];
        for (int i = 0; i < tensors.Length; i++)
            registered[i] = new StagedTensor(tensors[i], steps, groupIndex, i, storage, names);
        var group = new ParameterGroup(groupIndex, steps, _tensors.Length, tensors.Length,
            tensors.Sum(t => (long)t.Length));
        AddGroupCore(group);
        _groupStorage.Add(storage);
        _tensors = [.. _tensors, .. registered];
        _partition = WorkPartition.Create(_tensors.Select(t => t.Length).ToArray());
        return group;
    }

    /// <summary>The storage of group <paramref name="group"/>.</summary>
    /// <param name="group">The group's index.</param>
    /// <exception cref="ArgumentOutOfRangeException">There is no such group.</exception>
    public StorageOptions GetStorage(int group) => _groupStorage[CheckGroup(group)];

    /// <summary>The storage of state buffer <paramref name="buffer"/> of a tensor.</summary>
    /// <param name="group">The group's index.</param>
    /// <param name="tensor">The tensor's index in the group.</param>
    /// <param name="buffer">The buffer's declared name.</param>
    /// <exception cref="ArgumentOutOfRangeException">There is no such group or tensor.</exception>
    /// <exception cref="ArgumentException">The optimizer declares no such buffer.</exception>
    public StorageKind GetStateStorage(int group, int tensor, string buffer) =>
        Find(group, tensor).States[StateIndex(buffer)].Kind;

    /// <summary>The values of state buffer <paramref name="buffer"/> of a tensor, widened to float32 (a
    /// copy).</summary>
    /// <param name="group">The group's index.</param>
    /// <param name="tensor">The tensor's index in the group.</param>
    /// <param name="buffer">The buffer's declared name (see <see cref="OptimizerInfo.States"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">There is no such group or tensor.</exception>
    /// <exception cref="ArgumentException">The optimizer declares no such buffer.</exception>
    public float[] ReadState(int group, int tensor, string buffer)
    {
        var staged = Find(group, tensor);
        var stored = Materialize(staged, StateIndex(buffer));
        var values = new float[stored.Length];
        stored.Widen(0, values, KernelPath);
        return values;
    }

    /// <summary>The float32 master copy of a tensor's values (see <see cref="StorageOptions.MasterWeights"/>), or
    /// empty when the tensor has none.</summary>
    /// <param name="group">The group's index.</param>
    /// <param name="tensor">The tensor's index in the group.</param>
    /// <exception cref="ArgumentOutOfRangeException">There is no such group or tensor.</exception>
    public ReadOnlySpan<float> GetMasterWeights(int group, int tensor) => Find(group, tensor).Master;

    private protected override WorkPartition StepPartition => _partition;

    private protected override void BeforeStepWrites()
    {
        AllocateActiveStates();
        ReduceTensors();
    }

    private protected override void AfterStepWrites() => RecordInitialValues();

    // Optimizers with a train/eval switch are refused at construction, so no item is ever switched (enter is null).
    private protected override void StepItem(WorkItem item, KernelPath path, OptimizerMode? enter) =>
        StagedStep.Apply(_tensors[item.Source], item.Start, item.Length, TotalsOf(item.Source), path);

    private void CheckStorage(StorageOptions storage, string argument)
    {
        ArgumentNullException.ThrowIfNull(storage, argument);
        var declared = Info.States.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (string name in storage.StateStorages.Keys.Concat(storage.Codes.Keys))
            if (!declared.Contains(name))
                throw new ArgumentException(
                    $"The storage names state buffer '{name}', but optimizer '{Info.Name}' declares "
                    + (declared.Count == 0 ? "none." : $"only {string.Join(", ", Info.States.Select(s => s.Name))}."),
                    argument);
        foreach (var kind in storage.StateStorages.Values.Append(storage.States))
            if (!Enum.IsDefined(kind))
                throw new ArgumentException($"Unknown storage {kind} of a state buffer.", argument);
        foreach (var code in storage.Codes.Values.Append(storage.Code))
            if (!Enum.IsDefined(code))
                throw new ArgumentException($"Unknown 8-bit code {code}.", argument);
        if (storage.StochasticRounding && storage.MasterWeights)
            throw new ArgumentException(
                "Stochastic rounding is for bfloat16 parameters without master weights; with master weights the "
                + "float32 copy keeps every update, and the parameters are rounded to nearest from it.", argument);
    }

    private int CheckGroup(int group)
    {
        if ((uint)group >= (uint)Groups.Count)
            throw new ArgumentOutOfRangeException(nameof(group), group, string.Create(CultureInfo.InvariantCulture,
                $"There is no group {group}: the optimizer has {Groups.Count}."));
        return group;
    }

    /// <summary>Whether a step of the tensor that does not create its state runs in registers (see
    /// <see cref="InRegisterStep"/>), not staged.</summary>
    internal bool StepsInRegisters(int group, int tensor) => Find(group, tensor).InRegister;

    private StagedTensor Find(int group, int tensor)
    {
        var g = Groups[CheckGroup(group)];
        if ((uint)tensor >= (uint)g.TensorCount)
            throw new ArgumentOutOfRangeException(nameof(tensor), tensor, string.Create(CultureInfo.InvariantCulture,
                $"There is no tensor {tensor} in group {group}: it has {g.TensorCount}."));
        return _tensors[g.FirstTensor + tensor];
    }

    private int StateIndex(string buffer)
    {
        var states = Info.States;
        for (int k = 0; k < states.Count; k++)
            if (states[k].Name == buffer) return k;
        throw new ArgumentException(
            $"Optimizer '{Info.Name}' has no state buffer '{buffer}'. "
            + $"Known: {string.Join(", ", states.Select(s => s.Name))}.", nameof(buffer));
    }

    // Checks the new group's buffers against each other and against every buffer registered before, by address.
    private void EnsureDisjoint(StoredParameter[] tensors, int groupIndex)
    {
        var buffers = new List<(Memory<byte>, BufferName)>(2 * (_tensors.Length + tensors.Length));
        foreach (var t in _tensors)
        {
            buffers.Add((t.Value.AsByteMemory(), new BufferName(t.Group, t.IndexInGroup, false)));
            buffers.Add((t.Gradient.AsByteMemory(), new BufferName(t.Group, t.IndexInGroup, true)));
        }
        for (int i = 0; i < tensors.Length; i++)
        {
            buffers.Add((tensors[i].Value.Memory.AsByteMemory(), new BufferName(groupIndex, i, false)));
            buffers.Add((tensors[i].Gradient.Memory.AsByteMemory(), new BufferName(groupIndex, i, true)));
        }
        MemoryOverlap.EnsureDisjoint(buffers, "parameters");
    }
}
