namespace SimdOpt.Tests.References;

/// <summary>
/// torch.optim.SGD (1.13, <c>_single_tensor_sgd</c>): L2 weight decay, momentum whose buffer starts as a copy of the
/// first gradient, dampening, Nesterov momentum, maximize.
/// </summary>
internal sealed class SgdReference : Reference
{
    /// <inheritdoc/>
    public override string Optimizer => "sgd";

    /// <inheritdoc/>
    public override void Step(ParamGroup group, long t, double[] p, double[] grad, ReferenceState state)
    {
        double lr = group["lr"], momentum = group["momentum"], dampening = group["dampening"];
        var d = Maximized(group, grad);
        AddWeightDecay(d, p, group["weight_decay"]);
        if (momentum != 0)
        {
            // "if buf is None: buf = torch.clone(d_p).detach() else: buf.mul_(momentum).add_(d_p, alpha=1 - dampening)"
            if (!state.TryGetBuffer("momentum_buffer", out var buf))
                state.SetBuffer("momentum_buffer", buf = (double[])d.Clone());
            else
                for (int i = 0; i < buf.Length; i++) buf[i] = momentum * buf[i] + (1 - dampening) * d[i];
            for (int i = 0; i < d.Length; i++) d[i] = group.Flag("nesterov") ? d[i] + momentum * buf[i] : buf[i];
        }
        for (int i = 0; i < p.Length; i++) p[i] -= lr * d[i];
    }
}
