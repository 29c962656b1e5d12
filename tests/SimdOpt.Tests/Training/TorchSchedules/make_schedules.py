#!/usr/bin/env python3
"""Writes schedules.json: the learning rates (and momenta) torch.optim.lr_scheduler itself produces, step by step,
for the cases TorchScheduleTests replays against SimdOpt's schedulers.

Run with Debian's python3-torch (torch 1.13):  /usr/bin/python3 make_schedules.py > schedules.json

Each case records its scheduler's arguments, the lrs of every group after construction (step 0) and after each
step, the momenta where CyclicLR cycles them, and the metrics ReduceLROnPlateau was stepped with. "exact" says
whether the formula uses only + - * / and comparisons, so SimdOpt must match bit for bit; the others go through
libm's pow or cos and are compared to 1e-12 relative. Lambdas are named ("lambda") and rebuilt in C# with the same
arithmetic.
"""
import json
import math
import sys
import warnings

import torch
from torch.optim import SGD
from torch.optim import lr_scheduler as S

warnings.simplefilter("ignore")
STEPS = 240

LAMBDAS = {
    "rational": lambda e: 1.0 / (1.0 + 0.05 * e),
    "pow_0_97": lambda e: 0.97 ** e,
    "constant_0_99": lambda e: 0.99,
    "slowing": lambda e: 1.0 - 1.0 / (e + 10.0),
    "halving_every_40": lambda e: 0.5 if e % 40 == 0 else 1.0,
}


def optimizer(lrs, momentum=0.9):
    params = [torch.nn.Parameter(torch.zeros(2)) for _ in lrs]
    return SGD([{"params": [p], "lr": lr} for p, lr in zip(params, lrs)], lr=lrs[0], momentum=momentum)


def metrics_plateau():
    # A loss that falls, stalls, wobbles and jumps: improvements, plateaus longer and shorter than the patience,
    # a NaN (never an improvement) and ties.
    values = []
    for t in range(STEPS):
        if t < 40:
            m = 1.0 / (1.0 + t / 10.0)
        elif t < 80:
            m = 0.2 + 0.01 * ((t * 7) % 5)
        elif t == 90:
            m = float("nan")
        elif t < 140:
            m = 0.2 - 0.0005 * (t - 80) + 0.002 * ((t * 3) % 4)
        else:
            m = 0.17 + 0.00001 * ((t * 11) % 7)
        values.append(m)
    return values


def metrics_rising():
    # An accuracy that rises, with plateaus, for mode max.
    return [min(0.9, 0.5 + 0.004 * (t // 3) * 3) + 0.001 * ((t * 5) % 3) for t in range(STEPS)]


def run(name, lrs, make, exact, args, metrics=None, momenta=False, momentum=0.9):
    opt = optimizer(lrs, momentum)
    sched = make(opt)
    record = lambda: [g["lr"] for g in opt.param_groups]
    record_m = lambda: [g["momentum"] for g in opt.param_groups]
    out_lrs, out_m = [record()], [record_m()]
    for k in range(STEPS):
        if metrics is None:
            sched.step()
        else:
            sched.step(metrics[k])
        out_lrs.append(record())
        out_m.append(record_m())
    case = {"name": name, "exact": exact, "lrs_initial": lrs, "args": args, "lrs": out_lrs}
    if momenta:
        case["momenta"] = out_m
    if metrics is not None:
        case["metrics"] = [m if not math.isnan(m) else "NaN" for m in metrics]
    return case


def cases():
    two = [0.1, 0.05]
    yield run("lambda_rational", two, lambda o: S.LambdaLR(o, LAMBDAS["rational"]), True, {"lambda": "rational"})
    yield run("lambda_per_group", two,
              lambda o: S.LambdaLR(o, [LAMBDAS["rational"], LAMBDAS["pow_0_97"]]), False,
              {"lambda": ["rational", "pow_0_97"]})
    yield run("multiplicative_constant", two, lambda o: S.MultiplicativeLR(o, LAMBDAS["constant_0_99"]), True,
              {"lambda": "constant_0_99"})
    yield run("multiplicative_per_group", two,
              lambda o: S.MultiplicativeLR(o, [LAMBDAS["slowing"], LAMBDAS["halving_every_40"]]), True,
              {"lambda": ["slowing", "halving_every_40"]})
    yield run("constant_third", two, lambda o: S.ConstantLR(o, factor=1.0 / 3, total_iters=40), True,
              {"factor": 1.0 / 3, "total_iters": 40})
    yield run("constant_quarter", two, lambda o: S.ConstantLR(o, factor=0.25, total_iters=1), True,
              {"factor": 0.25, "total_iters": 1})
    for power in (1.0, 2.0, 0.5):
        yield run(f"polynomial_power_{power:g}", two,
                  lambda o: S.PolynomialLR(o, total_iters=150, power=power), False,
                  {"total_iters": 150, "power": power})
    yield run("warm_restarts_t_mult_2", two,
              lambda o: S.CosineAnnealingWarmRestarts(o, T_0=10, T_mult=2, eta_min=0.001), False,
              {"T_0": 10, "T_mult": 2, "eta_min": 0.001})
    yield run("warm_restarts_t_mult_1", two,
              lambda o: S.CosineAnnealingWarmRestarts(o, T_0=7), False, {"T_0": 7, "T_mult": 1, "eta_min": 0.0})
    yield run("warm_restarts_t_mult_3", two,
              lambda o: S.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=3, eta_min=0.0005), False,
              {"T_0": 3, "T_mult": 3, "eta_min": 0.0005})
    cyclic = [
        ("cyclic_triangular", True, dict(step_size_up=20, step_size_down=30, mode="triangular")),
        ("cyclic_triangular2", False, dict(step_size_up=15, mode="triangular2")),
        ("cyclic_exp_range", False, dict(step_size_up=10, step_size_down=25, mode="exp_range", gamma=0.99)),
        ("cyclic_sawtooth", True, dict(step_size_up=12, step_size_down=0)),
    ]
    for name, exact, kw in cyclic:
        yield run(name, two,
                  lambda o: S.CyclicLR(o, base_lr=[0.01, 0.002], max_lr=[0.1, 0.02], base_momentum=0.8,
                                       max_momentum=0.9, **kw), exact,
                  dict(base_lr=[0.01, 0.002], max_lr=[0.1, 0.02], base_momentum=0.8, max_momentum=0.9, **kw),
                  momenta=True)
    yield run("cyclic_scale_fn_iterations", two,
              lambda o: S.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=8, step_size_down=16,
                                   scale_fn=LAMBDAS["rational"], scale_mode="iterations", base_momentum=0.85,
                                   max_momentum=0.95), True,
              dict(base_lr=0.01, max_lr=0.1, step_size_up=8, step_size_down=16, scale_fn="rational",
                   scale_mode="iterations", base_momentum=0.85, max_momentum=0.95), momenta=True)
    # torch's quirk: created after another scheduler, CyclicLR's first step gives the initial_lr that one recorded;
    # from the next step on, the cycle runs from base_lr.
    yield run("cyclic_after_another_scheduler", two,
              lambda o: (S.StepLR(o, step_size=5), S.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=7))[1], True,
              dict(after_step_lr=True, base_lr=0.01, max_lr=0.1, step_size_up=7), momenta=True)
    yield run("cyclic_no_momentum", two,
              lambda o: S.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=5, cycle_momentum=False), True,
              dict(base_lr=0.01, max_lr=0.1, step_size_up=5, cycle_momentum=False), momenta=True)
    # Compositions: SequentialLR restarts the next schedule with step(0), its closed form where it has one;
    # ChainedScheduler multiplies the chainable forms.
    yield run("sequential_constant_polynomial_warm_restarts", two,
              lambda o: S.SequentialLR(o, [S.ConstantLR(o, factor=0.5, total_iters=10),
                                           S.PolynomialLR(o, total_iters=100, power=2.0),
                                           S.CosineAnnealingWarmRestarts(o, T_0=5, T_mult=2)],
                                       milestones=[30, 80]), False,
              {"milestones": [30, 80]})
    yield run("sequential_lambda_multiplicative", two,
              lambda o: S.SequentialLR(o, [S.LambdaLR(o, LAMBDAS["rational"]),
                                           S.MultiplicativeLR(o, LAMBDAS["constant_0_99"])], milestones=[50]), True,
              {"milestones": [50], "lambda": ["rational", "constant_0_99"]})
    yield run("chained_constant_multiplicative", two,
              lambda o: S.ChainedScheduler([S.ConstantLR(o, factor=0.25, total_iters=20),
                                            S.MultiplicativeLR(o, LAMBDAS["constant_0_99"])]), True,
              {"factor": 0.25, "total_iters": 20, "lambda": "constant_0_99"})
    falling, rising = metrics_plateau(), metrics_rising()
    plateau = [
        ("plateau_min_rel_cooldown", falling,
         dict(mode="min", factor=0.5, patience=3, threshold=1e-4, threshold_mode="rel", cooldown=2, min_lr=0.002)),
        ("plateau_min_abs_per_group_min_lr", falling,
         dict(mode="min", factor=0.3, patience=5, threshold=0.01, threshold_mode="abs", cooldown=0,
              min_lr=[0.01, 1e-4])),
        ("plateau_max_rel", rising,
         dict(mode="max", factor=0.7, patience=2, threshold=0.01, threshold_mode="rel", cooldown=4)),
        ("plateau_max_abs_eps", rising,
         dict(mode="max", factor=0.9, patience=0, threshold=0.0, threshold_mode="abs", cooldown=1,
              min_lr=0.049, eps=0.006)),
        ("plateau_defaults", falling, dict()),
    ]
    for name, metrics, kw in plateau:
        yield run(name, two, lambda o: S.ReduceLROnPlateau(o, **kw), True, kw, metrics=metrics)


json.dump({"torch": torch.__version__, "steps": STEPS, "cases": list(cases())}, sys.stdout, indent=None,
          separators=(",", ":"))
sys.stdout.write("\n")
