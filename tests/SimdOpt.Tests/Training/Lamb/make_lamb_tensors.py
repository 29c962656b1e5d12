#!/usr/bin/env python3
"""Writes ../../Golden/33_lamb_tensors.json: a golden case of several tensors in two parameter groups (the golden
format of ../../Golden/README.md with a "tensors" list and per-group "groups" overrides; see
src/SimdOpt.Cli/Replay/GoldenCase.cs), made by timm's Lamb, whose step clips every gradient by the norm of all
gradients of all groups together. The step below restates timm/optim/lamb.py at commit
aa4b5850c1543fa488abf260f18390eda46cf85d (huggingface/pytorch-image-models) operation for operation, with the
helpers it imports from timm/optim/_helpers.py (_add_scaled_, _get_value, _init_scalar), for the options the case
uses (caution and decoupled_decay off, as at timm's defaults).

Tensor 2's gradient is small, so its own norm is below max_grad_norm while the global norm is not, and the global
norm changes tenfold from step to step: a tensor clipped by its own norm would not be clipped at all, and the case
tells the two apart.

Run with Debian's python3-torch (torch 1.13):  /usr/bin/python3 make_lamb_tensors.py

timm is Copyright 2019 Ross Wightman and licensed under its Apache-2.0 license (the Lamb code carries the NVIDIA,
Habana Labs and cybertronai notices quoted in lamb.py).
"""
import json
import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "..", "..", "Golden")
LENGTHS, GROUP_OF, STEPS = [64, 17, 5], [0, 0, 1], 20
# The case's hyperparameters (timm's defaults dictionary, max_grad_norm among them) and each group's own.
HYPERPARAMETERS = {"lr": 0.01}
GROUPS = [{}, {"lr": 0.005, "weight_decay": 0.0}]


class Lamb(torch.optim.Optimizer):
    # timm/optim/lamb.py, commit aa4b5850: Lamb.__init__, _get_clip_grad_norm and step (caution and decoupled_decay
    # branches left out: both off here).
    def __init__(self, params, lr=1e-3, bias_correction=True, betas=(0.9, 0.999), eps=1e-6, weight_decay=0.01,
                 grad_averaging=True, max_grad_norm=1.0, trust_clip=False, always_adapt=False):
        defaults = dict(lr=lr, bias_correction=bias_correction, betas=betas, eps=eps, weight_decay=weight_decay,
                        grad_averaging=grad_averaging, max_grad_norm=max_grad_norm, trust_clip=trust_clip,
                        always_adapt=always_adapt)
        super().__init__(params, defaults)

    def _get_clip_grad_norm(self):
        max_grad_norm = self.defaults['max_grad_norm']
        if max_grad_norm is None:
            return None
        norms = []
        for group in self.param_groups:
            for p in group['params']:
                if p.grad is None:
                    continue
                norms.append(torch.linalg.vector_norm(p.grad))
        global_norm = torch.linalg.vector_norm(torch.stack(norms))
        clip_global_norm = (global_norm / max_grad_norm).clamp_(min=1.0)
        return clip_global_norm

    @torch.no_grad()
    def step(self):
        clip_grad_norm = self._get_clip_grad_norm()
        for group in self.param_groups:
            bias_correction = 1 if group['bias_correction'] else 0
            beta1, beta2 = group['betas']
            grad_averaging = 1 if group['grad_averaging'] else 0
            beta3 = 1 - beta1 if grad_averaging else 1.0
            if 'step' not in group:
                group['step'] = torch.tensor(0.0, dtype=torch.float32, device='cpu')  # _init_scalar
            group['step'].add_(1)
            if not any(p.grad is not None for p in group['params']):
                continue
            step = group['step'].item()  # _get_value
            if bias_correction:
                bias_correction1 = 1 - beta1 ** step
                bias_correction2 = 1 - beta2 ** step
            else:
                bias_correction1, bias_correction2 = 1.0, 1.0
            for p in group['params']:
                if p.grad is None:
                    continue
                grad = p.grad
                if clip_grad_norm is not None:
                    grad.div_(clip_grad_norm)
                state = self.state[p]
                if len(state) == 0:
                    state['exp_avg'] = torch.zeros_like(p)
                    state['exp_avg_sq'] = torch.zeros_like(p)
                exp_avg, exp_avg_sq = state['exp_avg'], state['exp_avg_sq']
                exp_avg.mul_(beta1).add_(grad, alpha=beta3)
                exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
                denom = (exp_avg_sq.sqrt() / (bias_correction2 ** 0.5)).add_(group['eps'])
                update = (exp_avg / bias_correction1).div_(denom)
                weight_decay = group['weight_decay']
                if weight_decay != 0:
                    update.add_(p, alpha=weight_decay)
                if weight_decay != 0 or group['always_adapt']:
                    w_norm = p.norm(2.0)
                    g_norm = update.norm(2.0)
                    trust_ratio = w_norm / g_norm
                    trust_ratio = torch.where(
                        w_norm > 0,
                        torch.where(g_norm > 0, trust_ratio, 1.0),
                        1.0,
                    )
                    if group['trust_clip']:
                        trust_ratio = torch.clamp(trust_ratio, max=1.0)
                    update.mul_(trust_ratio)
                p.add_(update, alpha=-group['lr'])  # _add_scaled_ with a float scale


def main():
    torch.manual_seed(14)
    params = [torch.randn(n, dtype=torch.float32) for n in LENGTHS]
    start = [p.tolist() for p in params]
    # Tensor 2's gradients are a tenth of a standard normal's, so its own norm stays below max_grad_norm = 1; the
    # others' are ten times larger every other step, so the global norm, and with it tensor 2's clipped gradient,
    # changes tenfold from step to step (Adam's update is blind to one constant scale of every gradient).
    grads = [[torch.randn(n, dtype=torch.float32) * (0.1 if t == 2 else 1.0 + 9.0 * (s % 2))
              for t, n in enumerate(LENGTHS)]
             for s in range(STEPS)]
    groups = [dict(params=[params[t] for t in range(len(LENGTHS)) if GROUP_OF[t] == g], **GROUPS[g])
              for g in range(len(GROUPS))]
    optimizer = Lamb(groups, **HYPERPARAMETERS)
    expected = [[] for _ in LENGTHS]
    for step in range(STEPS):
        for t, p in enumerate(params):
            p.grad = grads[step][t].clone()  # timm divides p.grad in place
        optimizer.step()
        for t, p in enumerate(params):
            expected[t].append(p.tolist())
    case = {
        "optimizer": "lamb",
        "hyperparameters": HYPERPARAMETERS,
        "dtype": "float32",
        "groups": GROUPS,
        "tensors": [
            {"group": GROUP_OF[t], "params": start[t], "grads": [grads[s][t].tolist() for s in range(STEPS)],
             "expected": expected[t]}
            for t in range(len(LENGTHS))],
    }
    with open(os.path.join(GOLDEN, "33_lamb_tensors.json"), "w") as f:
        json.dump(case, f)
        f.write("\n")


if __name__ == "__main__":
    main()
