using SimdOpt.Kernels;
using SimdOpt.Precision;

namespace SimdOpt.Training;

/// <summary>
/// One tensor of a <see cref="LowPrecisionOptimizer"/>: the caller's values and gradient, the optimizer's state buffers
/// (each in its own storage) and, when asked, the float32 master copy of low-precision values.
/// </summary>
internal sealed class StagedTensor : IStepSource<float>
{
    // Every state buffer of a tensor whose states are all float32 lives in one block, buffer after buffer, so the
    // kernel reads them in place; otherwise each buffer is its own StoredMemory, staged block by block.
    private readonly ArraySegment<float> _float32States;
    private readonly int _stride;

    public StagedTensor(StoredParameter parameter, StepProtocol<float> steps, int group, int indexInGroup,
        StorageOptions storage, IReadOnlyList<string> stateNames)
    {
        Value = parameter.Value.Memory;
        Gradient = parameter.Gradient.Memory;
        Steps = steps;
        Group = group;
        IndexInGroup = indexInGroup;
        Storage = storage;
        int length = Value.Length, count = stateNames.Count;
        var kinds = stateNames.Select(storage.StateStorage).ToArray();
        States = new StoredMemory[count];
        if (kinds.All(kind => kind == StorageKind.Float32))
        {
            // Laid out as Optimizer<float> lays out its state, so an in-place step streams the same placement.
            _float32States = AlignedMemory.AllocateBlock<float>(length, count, out _stride);
            for (int k = 0; k < count; k++)
                States[k] = StoredMemory.Of(_float32States.AsMemory().Slice(k * _stride, length));
        }
        else
        {
            // A buffer the group's flags leave unused (AdamW's max_exp_avg_sq without amsgrad) is absent: not
            // allocated until a step uses it (LowPrecisionOptimizer.States.cs).
            for (int k = 0; k < count; k++)
                States[k] = StoredMemory.Allocate(kinds[k], steps.Hyperparameters.IsStateActive(k) ? length : 0,
                    storage.CodeOf(stateNames[k]));
        }
        AbsentValues = new float[count];
        if (storage.MasterWeights && Value.Kind != StorageKind.Float32)
        {
            Master = new float[length];
            Value.Widen(0, Master, KernelPath.Auto);
        }
        RoundsStochastically = storage.StochasticRounding && Master is null && Value.Kind == StorageKind.BFloat16;
        Seed = storage.Seed;
        InRegister = !InPlace && InRegisterStep.Allows(this);
    }

    /// <summary>The caller's parameter values.</summary>
    public StoredMemory Value { get; }

    /// <summary>The caller's gradient.</summary>
    public StoredMemory Gradient { get; }

    /// <summary>The float32 master copy of low-precision values, or null.</summary>
    public float[]? Master { get; }

    /// <summary>The state buffers, in declaration order.</summary>
    public StoredMemory[] States { get; }

    /// <summary>The value every element of each absent state buffer (<see cref="IsAbsent"/>) holds: 0 until the state
    /// is created, then the buffer's initial value, or what a checkpoint restored.</summary>
    public float[] AbsentValues { get; }

    /// <summary>Whether state buffer <paramref name="k"/> is not allocated (its storage with no elements), standing for
    /// <see cref="AbsentValues"/>[<paramref name="k"/>] in every element.</summary>
    public bool IsAbsent(int k) => States[k].Length != Length;

    /// <summary>The step protocol of the tensor's group.</summary>
    public StepProtocol<float> Steps { get; }

    /// <summary>The tensor's group.</summary>
    public int Group { get; }

    /// <summary>The tensor's index in its group.</summary>
    public int IndexInGroup { get; }

    /// <summary>The group's storage.</summary>
    public StorageOptions Storage { get; }

    /// <summary>Whether new values are rounded stochastically into the caller's bfloat16 parameters.</summary>
    public bool RoundsStochastically { get; }

    /// <summary>Whether a step that does not create the state runs in registers (<see cref="InRegisterStep"/>), not
    /// staged.</summary>
    public bool InRegister { get; }

    /// <summary>The seed of stochastic rounding (the group's, or the one a checkpoint restored).</summary>
    public ulong Seed { get; set; }

    /// <summary>The number of elements.</summary>
    public int Length => Value.Length;

    /// <summary>Whether the state buffers are float32 and read in place (not staged).</summary>
    public bool StatesInPlace => _float32States.Array is not null;

    /// <summary>Whether a step reads and writes everything in place: float32 values without a master copy, float32
    /// gradients and states. Such a tensor is stepped exactly as <see cref="Optimizer{T}"/> steps it.</summary>
    public bool InPlace => StatesInPlace && Master is null && Value.Kind == StorageKind.Float32
        && Gradient.Kind == StorageKind.Float32;

    /// <summary>The float32 state buffers of elements [<paramref name="start"/>, <paramref name="start"/> +
    /// <paramref name="length"/>), viewed in place (<see cref="StatesInPlace"/> only).</summary>
    public StateSpans<float> StatesOf(int start, int length) =>
        new(_float32States, States.Length, _stride, start, length);

    /// <summary>The bytes the tensor's state buffers and master copy take.</summary>
    public long OwnedBytes => States.Sum(s => s.Bytes) + 4L * (Master?.Length ?? 0);
}
