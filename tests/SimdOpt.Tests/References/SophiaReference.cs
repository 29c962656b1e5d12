using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.References;

/// <summary>
/// Sophia-G, Liu et al. 2023 ("Sophia: A Scalable Stochastic Second-order Optimizer for Language Model
/// Pre-training"), as the authors' SophiaG (github.com/Liuhong99/Sophia, sophia.py) with its training loop: after step
/// t, when t % k == 0, update_hessian folds the estimate into <c>hessian = beta2 * hessian + (1 - beta2) * ĥ</c>;
/// each step negates the gradient when maximizing, decays <c>p *= 1 - lr * weight_decay</c>, updates
/// <c>exp_avg = beta1 * exp_avg + (1 - beta1) * g</c> and adds
/// <c>-lr * sign(exp_avg) * min(|exp_avg| / (rho * bs * hessian + 1e-15), 1)</c>. Folding the estimate into the step
/// that first sees it makes that fold happen at the start of steps t &gt; 1 with (t - 1) % k == 0, which is where this
/// reference does it, reading the estimate only then.
/// </summary>
internal sealed class SophiaReference : Reference
{
    /// <inheritdoc/>
    public override string Optimizer => "sophia";

    /// <inheritdoc/>
    public override void Step(ParamGroup group, long t, double[] p, double[] grad, ReferenceState state) =>
        throw new InvalidOperationException("Sophia reads a Hessian estimate: call the overload with inputs.");

    /// <inheritdoc/>
    public override void Step(ParamGroup group, long t, double[] p, double[] grad, double[][] inputs,
        ReferenceState state)
    {
        double lr = group["lr"], beta1 = group["beta1"], beta2 = group["beta2"], rho = group["rho"];
        double weightDecay = group["weight_decay"], bs = group["bs"], k = group["update_period"];
        var g = Maximized(group, grad);
        var m = state.Buffer("exp_avg", () => Filled(p.Length, 0));
        var h = state.Buffer("hessian", () => Filled(p.Length, 0));
        // The authors' loop: update_hessian after step t - 1 when (t - 1) % k == 0.
        bool due = t > 1 && (t - 1) % (long)k == 0;
        for (int i = 0; i < p.Length; i++)
        {
            if (due) h[i] = beta2 * h[i] + (1 - beta2) * inputs[0][i];
            p[i] *= 1 - lr * weightDecay;
            m[i] = beta1 * m[i] + (1 - beta1) * g[i];
            double ratio = Math.Min(Math.Abs(m[i]) / (rho * bs * h[i] + 1e-15), 1);
            p[i] += -lr * Sign(m[i]) * ratio;
        }
    }
}
