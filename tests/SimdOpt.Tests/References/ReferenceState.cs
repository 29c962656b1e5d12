namespace SimdOpt.Tests.References;

/// <summary>
/// A reference's state for one parameter tensor, like torch.optim's <c>state[p]</c>: buffers and scalars by name,
/// created lazily on the first step, and absent when the algorithm never creates them (SGD's momentum buffer
/// without momentum).
/// </summary>
internal sealed class ReferenceState
{
    private readonly Dictionary<string, double[]> _buffers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _scalars = new(StringComparer.Ordinal);

    /// <summary>The buffers, by name.</summary>
    public IReadOnlyDictionary<string, double[]> Buffers => _buffers;

    /// <summary>The scalars, by name.</summary>
    public IReadOnlyDictionary<string, double> Scalars => _scalars;

    /// <summary>The buffer <paramref name="name"/>, created by <paramref name="create"/> if it does not exist
    /// yet.</summary>
    /// <param name="name">The buffer's name.</param>
    /// <param name="create">Makes its initial value.</param>
    public double[] Buffer(string name, Func<double[]> create)
    {
        if (!_buffers.TryGetValue(name, out var buffer)) _buffers[name] = buffer = create();
        return buffer;
    }

    /// <summary>Whether buffer <paramref name="name"/> exists, and the buffer.</summary>
    /// <param name="name">The buffer's name.</param>
    /// <param name="buffer">The buffer, when it exists.</param>
    public bool TryGetBuffer(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out double[]? buffer) =>
        _buffers.TryGetValue(name, out buffer);

    /// <summary>Sets buffer <paramref name="name"/>.</summary>
    /// <param name="name">The buffer's name.</param>
    /// <param name="buffer">Its values.</param>
    public void SetBuffer(string name, double[] buffer) => _buffers[name] = buffer;

    /// <summary>The scalar <paramref name="name"/>, or <paramref name="initial"/> if it does not exist yet.</summary>
    /// <param name="name">The scalar's name.</param>
    /// <param name="initial">Its value before the first step.</param>
    public double Scalar(string name, double initial) => _scalars.GetValueOrDefault(name, initial);

    /// <summary>Sets scalar <paramref name="name"/>.</summary>
    /// <param name="name">The scalar's name.</param>
    /// <param name="value">Its value.</param>
    public void SetScalar(string name, double value) => _scalars[name] = value;

    /// <summary>A deep copy with every buffer element multiplied by <paramref name="factor"/> (scalars kept).</summary>
    /// <param name="factor">The factor; 1 for a plain copy.</param>
    public ReferenceState Scaled(double factor)
    {
        var copy = new ReferenceState();
        foreach (var (name, buffer) in _buffers) copy._buffers[name] = buffer.Select(x => x * factor).ToArray();
        foreach (var (name, value) in _scalars) copy._scalars[name] = value;
        return copy;
    }
}
