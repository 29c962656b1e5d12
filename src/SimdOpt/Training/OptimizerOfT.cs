using System.Globalization;
using System.Numerics;
using SimdOpt.Kernels;

namespace SimdOpt.Training;

/// <summary>
/// An optimizer over <typeparamref name="T"/> tensors the caller owns, in parameter groups (torch's
/// <c>param_groups</c>).
/// </summary>
/// <remarks>
/// <code>
/// var optimizer = new Optimizer&lt;float&gt;(new AdamW(lr: 1e-3));
/// optimizer.AddGroup([new(weights, weightGradients)]);
/// optimizer.AddGroup([new(biases, biasGradients)], new AdamW(lr: 1e-3, weightDecay: 0));
/// optimizer.Step();
/// </code>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed partial class Optimizer<T> : Optimizer where T : unmanaged, IFloatingPointIeee754<T>
{
    // Every tensor, group by group: what checkpoints, lookups and the gradient passes see.
    private RegisteredTensor<T>[] _tensors = [];
    // Two cuts of the same tensors into work. The gradient passes cut tensor by tensor, so a clipping norm adds the
    // same numbers in the same order wherever the tensors lie in memory; a step is elementwise, so it may cut runs of
    // neighbouring tensors instead (StepRun) and step a flat buffer of many tensors as one span.
    private WorkPartition _partition = WorkPartition.Create([]);
    private StepRun<T>[] _stepRuns = [];
    private WorkPartition _stepPartition = WorkPartition.Create([]);
    // Constants of the optimizer, read once instead of on every step: whether its steps read inputs besides the
    // gradient, and whether they take reduction passes.
    private readonly bool _readsInputs;
    private bool _reduces;

    /// <summary>Creates an optimizer without parameters; add them with
    /// <see cref="AddGroup(IEnumerable{Parameter{T}}, OptimizerHyperparameters?)"/>.</summary>
    /// <param name="hyperparameters">The hyperparameters and flags of groups added without their own (copied into
    /// <see cref="Optimizer.Defaults"/>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="hyperparameters"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public Optimizer(OptimizerHyperparameters hyperparameters) : base(hyperparameters)
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new NotSupportedException($"Optimizers step float or double tensors, not {typeof(T).Name}.");
        _readsInputs = Info.Inputs.Count != 0;
    }

    /// <summary>Creates an optimizer with one group holding <paramref name="parameters"/>, stepped with
    /// <paramref name="hyperparameters"/>.</summary>
    /// <param name="hyperparameters">The hyperparameters and flags (copied).</param>
    /// <param name="parameters">The tensors of the first group.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">Two buffers share memory, or a tensor's state would not fit in one
    /// array.</exception>
    public Optimizer(OptimizerHyperparameters hyperparameters, IEnumerable<Parameter<T>> parameters)
        : this(hyperparameters) => AddGroup(parameters);

    /// <inheritdoc/>
    public override Type ElementType => typeof(T);

    /// <summary>How <see cref="Optimizer.Step()"/> cuts the tensors: runs of neighbours in memory, each stepped as one
    /// span.</summary>
    internal IReadOnlyList<StepRun<T>> StepRuns => _stepRuns;

    /// <summary>
    /// Adds a parameter group (torch's <c>add_param_group</c>). Every buffer of every group must be separate memory.
    /// The group's state buffers are allocated now and filled with their initial values on its first step.
    /// </summary>
    /// <param name="parameters">The group's tensors.</param>
    /// <param name="hyperparameters">The group's hyperparameters and flags (copied), of this optimizer's kind; null for
    /// a copy of <see cref="Optimizer.Defaults"/>.</param>
    /// <returns>The new group.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The hyperparameters are of another optimizer; a buffer shares memory with another (a tensor registered twice,
    /// overlapping tensors, a gradient inside a parameter); or a tensor's state would not fit in one array. Nothing
    /// changes.
    /// </exception>
    /// <exception cref="InvalidOperationException">Another call of this optimizer is running on another thread; nothing
    /// changes.</exception>
    public ParameterGroup AddGroup(IEnumerable<Parameter<T>> parameters,
        OptimizerHyperparameters? hyperparameters = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        using var call = BeginExclusiveCall();
        Parameter<T>[] tensors = [.. parameters];
        if (hyperparameters is not null && hyperparameters.Info != Info)
            throw new ArgumentException(
                $"The group's hyperparameters are of optimizer '{hyperparameters.Info.Name}', "
                + $"but this optimizer is '{Info.Name}'.", nameof(hyperparameters));
        int groupIndex = Groups.Count, stateCount = Info.States.Count;
        for (int i = 0; i < tensors.Length; i++)
        {
            if ((long)stateCount * tensors[i].Length > Array.MaxLength)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Tensor {i} has {tensors[i].Length} elements: "
                    + $"its {stateCount} state buffers do not fit in one array."),
                    nameof(parameters));
        }
        var inputs = InputsOf(tensors);
        EnsureDisjoint(tensors, groupIndex);

        var steps = new StepProtocol<T>((hyperparameters ?? Defaults).Clone());
        var registered = new RegisteredTensor<T>[tensors.Length];
        foreach (var block in StateLayout.Pack(tensors.Select(t => t.Length).ToArray(), stateCount))
        {
            var storage = AlignedMemory.AllocateBlock<T>(block.Stride, stateCount, out int stride);
            for (int i = block.FirstTensor, offset = 0; i < block.FirstTensor + block.TensorCount;
                offset += tensors[i].Length, i++)
                registered[i] = new RegisteredTensor<T>(tensors[i], inputs[i], steps, groupIndex, i, storage,
                    stateCount, stride, offset);
        }

        var group = new ParameterGroup(groupIndex, steps, _tensors.Length, tensors.Length,
            tensors.Sum(t => (long)t.Length));
        AddGroupCore(group);
        _tensors = [.. _tensors, .. registered];
        _partition = WorkPartition.Create(_tensors.Select(t => t.Length).ToArray());
        _stepRuns = StepRun<T>.Cut(_tensors);
        _stepPartition = WorkPartition.Create(_stepRuns.Select(r => r.Length).ToArray());
        _reduces |= steps.ReductionPasses > 0;
        return group;
    }

    /// <summary>Adds a parameter group from parallel lists of parameters and gradients.</summary>
    /// <param name="values">The parameter values of each tensor.</param>
    /// <param name="gradients">The gradient of each tensor, in the same order.</param>
    /// <param name="hyperparameters">The group's hyperparameters and flags (copied); null for a copy of
    /// <see cref="Optimizer.Defaults"/>.</param>
    /// <returns>The new group.</returns>
    /// <exception cref="ArgumentNullException">A list is null.</exception>
    /// <exception cref="ArgumentException">
    /// The lists differ in count, a gradient differs in length from its parameter, or as
    /// <see cref="AddGroup(IEnumerable{Parameter{T}}, OptimizerHyperparameters?)"/>. Nothing changes.
    /// </exception>
    public ParameterGroup AddGroup(IReadOnlyList<Memory<T>> values, IReadOnlyList<Memory<T>> gradients,
        OptimizerHyperparameters? hyperparameters = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(gradients);
        if (gradients.Count != values.Count)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"There are {gradients.Count} gradients for {values.Count} parameters; "
                + $"each parameter needs exactly one."), nameof(gradients));
        var parameters = new Parameter<T>[values.Count];
        for (int i = 0; i < parameters.Length; i++)
        {
            if (gradients[i].Length != values[i].Length)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Gradient {i} has {gradients[i].Length} elements but parameter {i} has {values[i].Length}; "
                    + $"they must be equally long."), nameof(gradients));
            parameters[i] = new Parameter<T>(values[i], gradients[i]);
        }
        return AddGroup(parameters, hyperparameters);
    }

    /// <summary>Tensor <paramref name="tensor"/> of group <paramref name="group"/>, as registered.</summary>
    /// <param name="group">The group's index.</param>
    /// <param name="tensor">The tensor's index in the group.</param>
    /// <exception cref="ArgumentOutOfRangeException">There is no such group or tensor.</exception>
    public Parameter<T> GetParameter(int group, int tensor) => Find(group, tensor).Parameter;

    /// <summary>The state buffer named <paramref name="buffer"/> (e.g. <c>exp_avg</c>) of a tensor, as long as the
    /// tensor.</summary>
    /// <param name="group">The group's index.</param>
    /// <param name="tensor">The tensor's index in the group.</param>
    /// <param name="buffer">The buffer's declared name (see <see cref="OptimizerInfo.States"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">There is no such group or tensor.</exception>
    /// <exception cref="ArgumentException">The optimizer declares no such buffer.</exception>
    public Span<T> GetState(int group, int tensor, string buffer)
    {
        var registered = Find(group, tensor);
        var states = Info.States;
        for (int k = 0; k < states.Count; k++)
            if (states[k].Name == buffer) return registered.State[k];
        throw new ArgumentException(
            $"Optimizer '{Info.Name}' has no state buffer '{buffer}'. "
            + $"Known: {string.Join(", ", states.Select(s => s.Name))}.", nameof(buffer));
    }

    private protected override WorkPartition StepPartition => _stepPartition;

    private protected override void BeforeStepWrites()
    {
        PrepareAverages();
        if (_readsInputs) EnsureInputsGiven();
        // Every reduction pass and check before the first write, so a refused step writes nothing.
        if (_reduces) ReduceRuns();
    }

    private protected override void AfterStepWrites() => CommitAverages();

    // Steps one work item, a piece of a step run (tensors side by side in memory, stepped as one), or, given a mode,
    // switches it into that mode.
    private protected override void StepItem(WorkItem item, KernelPath path, OptimizerMode? enter)
    {
        StepRun<T> run = _stepRuns[item.Source];
        run.Slice(item, out var p, out var g, out var state);
        if (enter is { } mode)
        {
            run.Steps.EnterMode(mode, p, state, path);
            return;
        }
        StepProtocol<T> steps = run.Steps;
        // Without inputs there are none to view: the protocol then goes straight to the plan's Apply without them.
        var inputs = run.Inputs.Length == 0 ? default : new InputSpans<T>(run.Inputs).Slice(item.Start, item.Length);
        // A step with reductions takes the tensor's totals too (every pass has run).
        if (steps.ReductionPasses > 0)
            steps.Apply(p, g, inputs, state, run.Length, TotalsOf(item.Source), path);
        else
            steps.Apply(p, g, inputs, state, path);
        if (_attached.Length != 0) AverageItem(item, p, path);   // while p is in cache (Attach)
    }

    private RegisteredTensor<T> Find(int group, int tensor)
    {
        if ((uint)group >= (uint)Groups.Count)
            throw new ArgumentOutOfRangeException(nameof(group), group, string.Create(CultureInfo.InvariantCulture,
                $"There is no group {group}: the optimizer has {Groups.Count}."));
        var g = Groups[group];
        if ((uint)tensor >= (uint)g.TensorCount)
            throw new ArgumentOutOfRangeException(nameof(tensor), tensor, string.Create(CultureInfo.InvariantCulture,
                $"There is no tensor {tensor} in group {group}: it has {g.TensorCount}."));
        return _tensors[g.FirstTensor + tensor];
    }

    // Checks the new group's buffers against each other and against every buffer registered before.
    private void EnsureDisjoint(Parameter<T>[] tensors, int groupIndex)
    {
        var buffers = new List<(Memory<T>, BufferName)>(2 * (_tensors.Length + tensors.Length));
        foreach (var t in _tensors)
        {
            buffers.Add((t.Value, new BufferName(t.Group, t.IndexInGroup, false)));
            buffers.Add((t.Gradient, new BufferName(t.Group, t.IndexInGroup, true)));
        }
        for (int i = 0; i < tensors.Length; i++)
        {
            buffers.Add((tensors[i].Value, new BufferName(groupIndex, i, false)));
            buffers.Add((tensors[i].Gradient, new BufferName(groupIndex, i, true)));
        }
        foreach (var t in _tensors)
            foreach (var name in t.Parameter.InputNames)
                buffers.Add((t.Parameter.Input(name), new BufferName(t.Group, t.IndexInGroup, false, name)));
        for (int i = 0; i < tensors.Length; i++)
            foreach (var name in tensors[i].InputNames)
                buffers.Add((tensors[i].Input(name), new BufferName(groupIndex, i, false, name)));
        MemoryOverlap.EnsureDisjoint(buffers, "parameters");
    }

    // Each tensor's inputs in the order the optimizer declares them (empty where not given); an input the optimizer
    // does not declare is refused.
    private ReadOnlyMemory<T>[][] InputsOf(Parameter<T>[] tensors)
    {
        var declared = Info.Inputs;
        var inputs = new ReadOnlyMemory<T>[tensors.Length][];
        for (int i = 0; i < tensors.Length; i++)
        {
            string reads = declared.Count == 0 ? "no input besides the gradient"
                : "only " + string.Join(", ", declared.Select(input => "'" + input.Name + "'"));
            foreach (var name in tensors[i].InputNames)
                if (!declared.Any(input => input.Name == name))
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                        $"Tensor {i} carries input '{name}', but optimizer '{Info.Name}' reads {reads}."),
                        "parameters");
            inputs[i] = declared.Select(input => (ReadOnlyMemory<T>)tensors[i].Input(input.Name)).ToArray();
        }
        return inputs;
    }

    // Before any tensor is stepped: a step that reads an input has it for every tensor (so a refused step writes
    // nothing; the prepared steps are not committed).
    private void EnsureInputsGiven()
    {
        var declared = Info.Inputs;
        if (declared.Count == 0) return;
        foreach (var tensor in _tensors)
            for (int k = 0; k < declared.Count; k++)
                if (tensor.Length > 0 && tensor.Inputs[k].IsEmpty && tensor.Steps.ReadsInput(k))
                    throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                        $"Step {tensor.Steps.StepCount + 1} of group {tensor.Group} reads input '{declared[k].Name}', ")
                        + string.Create(CultureInfo.InvariantCulture, $"but tensor {tensor.IndexInGroup} of the group ")
                        + $"has none: register it with Parameter<T>.WithInput(\"{declared[k].Name}\", ...) and fill "
                        + "it before such steps. Nothing was changed.");
    }
}
