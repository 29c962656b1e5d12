#!/usr/bin/env python3
"""Writes the Schedule-Free golden cases (../../Golden/28_ to 32_*.json, in the golden format of
../../Golden/README.md) and eval_switch.json (a trajectory with an eval/train round trip mid-way, which the golden
format cannot say), from the reference implementation users run: facebookresearch/schedule_free's AdamWScheduleFree
and SGDScheduleFree (schedulefree/adamw_schedulefree.py and sgd_schedulefree.py, commit 70785b5), whose per-tensor
(foreach=False) step, train() and eval() are restated below operation for operation.

Run with Debian's python3-torch (torch 1.13):  /usr/bin/python3 make_schedulefree.py

The reference code is Copyright (c) Meta Platforms, Inc. and affiliates, licensed under its Apache-2.0 license
(github.com/facebookresearch/schedule_free/blob/main/LICENSE).
"""
import json
import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "..", "..", "Golden")
N, STEPS, SWITCH_AFTER = 64, 20, 10


class AdamWScheduleFree(torch.optim.Optimizer):
    # schedulefree/adamw_schedulefree.py, the foreach=False branch.
    def __init__(self, params, lr=0.0025, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, warmup_steps=0, r=0.0,
                 weight_lr_power=2.0, inner_momentum=0.0):
        defaults = dict(lr=lr, betas=betas, eps=eps, r=r, k=0, warmup_steps=warmup_steps, train_mode=False,
                        weight_sum=0.0, lr_max=-1.0, scheduled_lr=0.0, weight_lr_power=weight_lr_power,
                        weight_decay=weight_decay, inner_momentum=inner_momentum)
        super().__init__(params, defaults)

    @torch.no_grad()
    def eval(self):
        for group in self.param_groups:
            beta1, _ = group['betas']
            if group['train_mode']:
                for p in group['params']:
                    state = self.state[p]
                    if 'z' in state:
                        p.lerp_(end=state['z'].to(p.device), weight=1 - 1 / beta1)
                group['train_mode'] = False

    @torch.no_grad()
    def train(self):
        for group in self.param_groups:
            beta1, _ = group['betas']
            if not group['train_mode']:
                for p in group['params']:
                    state = self.state[p]
                    if 'z' in state:
                        p.lerp_(end=state['z'].to(p.device), weight=1 - beta1)
                group['train_mode'] = True

    @torch.no_grad()
    def step(self):
        if not self.param_groups[0]['train_mode']:
            raise Exception("Optimizer was not in train mode when step is called.")
        for group in self.param_groups:
            eps = group['eps']
            beta1, beta2 = group['betas']
            decay = group['weight_decay']
            k = group['k']
            r = group['r']
            warmup_steps = group['warmup_steps']
            weight_lr_power = group['weight_lr_power']
            inner_momentum = group['inner_momentum']
            sched = (k + 1) / warmup_steps if k < warmup_steps else 1.0
            bias_correction2 = 1 - beta2 ** (k + 1)
            if inner_momentum != 0:
                bias_correction1 = 1 - inner_momentum ** (k + 1)
            lr = group['lr'] * sched
            group['scheduled_lr'] = lr
            lr_max = group['lr_max'] = max(lr, group['lr_max'])
            weight = ((k + 1) ** r) * (lr_max ** weight_lr_power)
            weight_sum = group['weight_sum'] = group['weight_sum'] + weight
            try:
                ckp1 = weight / weight_sum
            except ZeroDivisionError:
                ckp1 = 0
            active_p = [p for p in group['params'] if p.grad is not None]
            for p in active_p:
                if 'z' not in self.state[p]:
                    self.state[p]['z'] = torch.clone(p, memory_format=torch.preserve_format)
                    self.state[p]['exp_avg_sq'] = torch.zeros_like(p, memory_format=torch.preserve_format)
                    if inner_momentum != 0:
                        self.state[p]['exp_avg'] = torch.zeros_like(p, memory_format=torch.preserve_format)
            for p in active_p:
                y = p
                grad = p.grad
                state = self.state[p]
                z = state['z']
                exp_avg_sq = state['exp_avg_sq']
                exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
                denom = exp_avg_sq.div(bias_correction2).sqrt_().add_(eps)
                if inner_momentum != 0:
                    exp_avg = state['exp_avg']
                    exp_avg.mul_(inner_momentum).add_(grad, alpha=1 - inner_momentum)
                    grad_normalized = exp_avg.div(bias_correction1).div_(denom)
                else:
                    grad_normalized = grad.div_(denom)
                if decay != 0:
                    grad_normalized.add_(y, alpha=decay)
                y.lerp_(end=z, weight=ckp1)
                y.add_(grad_normalized, alpha=lr * (beta1 * (1 - ckp1) - 1))
                z.sub_(grad_normalized, alpha=lr)
            group['k'] = k + 1


class SGDScheduleFree(torch.optim.Optimizer):
    # schedulefree/sgd_schedulefree.py, the foreach=False branch.
    def __init__(self, params, lr=1.0, momentum=0.9, weight_decay=0, warmup_steps=0, r=0.0, weight_lr_power=2):
        defaults = dict(lr=lr, momentum=momentum, r=r, k=0, warmup_steps=warmup_steps, train_mode=False,
                        weight_sum=0.0, lr_max=-1.0, scheduled_lr=0.0, weight_lr_power=weight_lr_power,
                        weight_decay=weight_decay)
        super().__init__(params, defaults)

    @torch.no_grad()
    def eval(self):
        for group in self.param_groups:
            momentum = group['momentum']
            if group['train_mode']:
                for p in group['params']:
                    state = self.state[p]
                    if 'z' in state:
                        p.lerp_(end=state['z'].to(p.device), weight=1 - 1 / momentum)
                group['train_mode'] = False

    @torch.no_grad()
    def train(self):
        for group in self.param_groups:
            momentum = group['momentum']
            if not group['train_mode']:
                for p in group['params']:
                    state = self.state[p]
                    if 'z' in state:
                        p.lerp_(end=state['z'].to(p.device), weight=1 - momentum)
                group['train_mode'] = True

    @torch.no_grad()
    def step(self):
        if not self.param_groups[0]['train_mode']:
            raise Exception("Optimizer was not in train mode when step is called.")
        for group in self.param_groups:
            momentum = group['momentum']
            weight_decay = group['weight_decay']
            k = group['k']
            warmup_steps = group['warmup_steps']
            sched = (k + 1) / warmup_steps if k < warmup_steps else 1.0
            lr = group['lr'] * sched
            group['scheduled_lr'] = lr
            weight_lr_power = group['weight_lr_power']
            r = group['r']
            lr_max = group['lr_max'] = max(lr, group['lr_max'])
            weight = ((k + 1) ** r) * (lr_max ** weight_lr_power)
            weight_sum = group['weight_sum'] = group['weight_sum'] + weight
            try:
                ckp1 = weight / weight_sum
            except ZeroDivisionError:
                ckp1 = 0
            active_p = [p for p in group['params'] if p.grad is not None]
            for p in active_p:
                if 'z' not in self.state[p]:
                    self.state[p]['z'] = torch.clone(p, memory_format=torch.preserve_format)
            for p in active_p:
                y = p
                grad = p.grad
                z = self.state[p]['z']
                if weight_decay != 0:
                    grad.add_(y, alpha=weight_decay)
                y.lerp_(end=z, weight=ckp1)
                y.add_(grad, alpha=lr * (momentum * (1 - ckp1) - 1))
                z.sub_(grad, alpha=lr)
            group['k'] = k + 1


# (file number, registry name, reference class, keyword arguments as the case records them)
CASES = [
    (28, "schedulefree_adamw", AdamWScheduleFree, {"lr": 0.01}),
    (29, "schedulefree_adamw", AdamWScheduleFree,
     {"lr": 0.01, "warmup_steps": 5, "weight_decay": 0.01, "r": 0.5, "weight_lr_power": 1.0}),
    (30, "schedulefree_adamw", AdamWScheduleFree, {"lr": 0.01, "beta1": 0.5, "inner_momentum": 0.9}),
    (31, "schedulefree_sgd", SGDScheduleFree, {"lr": 0.1}),
    (32, "schedulefree_sgd", SGDScheduleFree,
     {"lr": 0.1, "momentum": 0.6, "warmup_steps": 5, "weight_decay": 0.01, "r": 1.0}),
]


def construct(cls, hyperparameters, p):
    arguments = dict(hyperparameters)
    if "beta1" in arguments or "beta2" in arguments:
        arguments["betas"] = (arguments.pop("beta1", 0.9), arguments.pop("beta2", 0.999))
    return cls([p], **arguments)


def run(cls, hyperparameters, params, grads, switch_after=None):
    """The parameters after each step; with switch_after, also the parameters after eval() and after train() that
    follow step switch_after."""
    p = torch.nn.Parameter(params.clone())
    optimizer = construct(cls, hyperparameters, p)
    optimizer.train()
    trajectory, switched = [], {}
    for step, grad in enumerate(grads, start=1):
        p.grad = grad.clone()
        optimizer.step()
        trajectory.append(p.detach().clone().tolist())
        if step == switch_after:
            optimizer.eval()
            switched["eval"] = p.detach().clone().tolist()
            optimizer.train()
            switched["train"] = p.detach().clone().tolist()
    return trajectory, switched


def case_name(number, name, hyperparameters):
    settings = "".join("_" + key + str(value) for key, value in hyperparameters.items() if key != "lr")
    return f"{number}_{name}{settings}.json"


def main():
    torch.manual_seed(16)
    switches = []
    for number, name, cls, hyperparameters in CASES:
        params = torch.randn(N, dtype=torch.float32)
        grads = [torch.randn(N, dtype=torch.float32) + 0.5 * params for _ in range(STEPS)]
        expected, _ = run(cls, hyperparameters, params, grads)
        case = {"optimizer": name, "hyperparameters": hyperparameters, "dtype": "float32", "params": params.tolist(),
                "grads": [g.tolist() for g in grads], "expected": expected}
        with open(os.path.join(GOLDEN, case_name(number, name, hyperparameters)), "w") as f:
            json.dump(case, f)
        trajectory, switched = run(cls, hyperparameters, params, grads, SWITCH_AFTER)
        switches.append({"case": number, "optimizer": name, "hyperparameters": hyperparameters,
                         "params": params.tolist(), "grads": [g.tolist() for g in grads],
                         "switch_after": SWITCH_AFTER, "eval": switched["eval"], "train": switched["train"],
                         "expected": trajectory})
    with open(os.path.join(HERE, "eval_switch.json"), "w") as f:
        json.dump(switches, f)


if __name__ == "__main__":
    main()
