"""Writes the torch-made test files of SimdOpt's torch interchange (run with torch 1.13, CPU, from this folder).

    python3 make_torch_files.py

Outputs, beside this script:
- adamw.safetensors, sgd_momentum.safetensors: torch.optim.AdamW and torch.optim.SGD(momentum) state_dicts after 5
  steps of a tiny model (nn.Linear(3, 2), weight and bias in two parameter groups), with the parameters, in the layout
  SimdOpt reads: "state.{i}.{buffer}" tensors, "param.{i}" tensors, and param_groups as JSON in __metadata__.
- continuation.json: for each of those files, the values of every tensor in it (as doubles), the gradients of the
  next 3 steps and torch's parameters after each, so a test can import the file and go on training.
- state_dict_listing.json: for every torch.optim optimizer SimdOpt ships, the state_dict after 10 steps of a model
  of two 1-D parameters (5 and 3 elements): each state key with its shape and dtype (or Python type), and the
  param_groups.

The safetensors format is written here with struct and json, following the published format
(https://github.com/huggingface/safetensors#format): an 8-byte little-endian header length, a JSON header naming
each tensor's dtype, shape and data_offsets (relative to the end of the header) plus a "__metadata__" map of strings,
then the raw little-endian tensor bytes. The safetensors package is deliberately not used.
"""
import json
import os
import struct

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
DTYPES = {torch.float32: "F32", torch.float64: "F64", torch.float16: "F16", torch.bfloat16: "BF16",
          torch.int64: "I64"}


def save_safetensors(path, tensors, metadata):
    """tensors: name -> torch.Tensor; metadata: str -> str."""
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        t = tensors[name].detach().contiguous().cpu()
        data = t.numpy().tobytes() if t.dtype != torch.bfloat16 else t.view(torch.int16).numpy().tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)  # the header is padded with spaces so the data starts 8-byte aligned
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def flatten(optimizer, parameters):
    """An optimizer's state_dict (and the parameters) as safetensors tensors and metadata."""
    state_dict = optimizer.state_dict()
    tensors = {}
    for index, state in state_dict["state"].items():
        for key, value in state.items():
            if value is None:
                continue  # SGD without momentum keeps momentum_buffer None; safetensors holds tensors only
            if not isinstance(value, torch.Tensor):
                value = torch.tensor(value, dtype=torch.int64)  # Adadelta, RMSprop and Rprop count steps in an int
            tensors[f"state.{index}.{key}"] = value
    for index, p in enumerate(parameters):
        tensors[f"param.{index}"] = p
    return tensors, {"param_groups": json.dumps(state_dict["param_groups"])}


def data():
    generator = torch.Generator().manual_seed(1234)
    return torch.randn(16, 3, generator=generator), torch.randn(16, 2, generator=generator)


def gradients(model, x, y):
    model.zero_grad()
    torch.nn.functional.mse_loss(model(x), y).backward()


def linear_model():
    torch.manual_seed(7)
    return torch.nn.Linear(3, 2)


def training_file(name, make_optimizer):
    model = linear_model()
    optimizer = make_optimizer([{"params": [model.weight], "weight_decay": 0.1}, {"params": [model.bias]}])
    x, y = data()
    for _ in range(5):
        gradients(model, x, y)
        optimizer.step()
    parameters = [model.weight, model.bias]
    tensors, metadata = flatten(optimizer, parameters)
    save_safetensors(os.path.join(HERE, name + ".safetensors"), tensors, metadata)
    case = {"values": {k: v.detach().double().flatten().tolist() for k, v in sorted(tensors.items())},
            "grads": [], "expected": []}
    for _ in range(3):
        gradients(model, x, y)
        case["grads"].append([p.grad.double().flatten().tolist() for p in parameters])
        optimizer.step()
        case["expected"].append([p.detach().double().flatten().tolist() for p in parameters])
    return case


# Every torch.optim optimizer SimdOpt ships (Lion is not in torch.optim), with the options that add state. The keyword
# arguments are also SimdOpt's names, so a test can build the same optimizer.
LISTING_CASES = [
    ("sgd", "SGD", {"lr": 0.01}),
    ("sgd_momentum", "SGD", {"lr": 0.01, "momentum": 0.9, "nesterov": True}),
    ("adagrad", "Adagrad", {}),
    ("rmsprop", "RMSprop", {}),
    ("rmsprop_centered_momentum", "RMSprop", {"momentum": 0.9, "centered": True}),
    ("adadelta", "Adadelta", {}),
    ("adam", "Adam", {}),
    ("adam_amsgrad", "Adam", {"amsgrad": True}),
    ("adamw", "AdamW", {}),
    ("adamw_amsgrad", "AdamW", {"amsgrad": True}),
    ("adamax", "Adamax", {}),
    ("nadam", "NAdam", {}),
    ("radam", "RAdam", {}),
    ("rprop", "Rprop", {}),
]

def describe(value):
    if value is None:
        return {"python": "None"}
    if isinstance(value, torch.Tensor):
        return {"dtype": DTYPES[value.dtype], "shape": list(value.shape)}
    return {"python": type(value).__name__}


def listing():
    cases = []
    for case, torch_name, kwargs in LISTING_CASES:
        torch.manual_seed(3)
        parameters = [torch.nn.Parameter(torch.randn(5)), torch.nn.Parameter(torch.randn(3))]
        optimizer = getattr(torch.optim, torch_name)(parameters, **kwargs)
        for _ in range(10):
            optimizer.zero_grad()
            (parameters[0].pow(2).sum() + parameters[1].sin().sum()).backward()
            optimizer.step()
        state_dict = optimizer.state_dict()
        keys = {f"state.{i}.{k}": describe(v) for i, s in state_dict["state"].items() for k, v in s.items()}
        simdopt_name = case.split("_")[0]
        cases.append({"case": case, "torch": torch_name, "simdopt": simdopt_name, "settings": kwargs,
                      "lengths": [5, 3], "state": keys, "param_groups": state_dict["param_groups"]})
    return {"torch": torch.__version__, "cases": cases}


def main():
    continuation = {
        "torch": torch.__version__,
        "adamw": training_file("adamw", lambda groups: torch.optim.AdamW(groups, lr=0.05)),
        "sgd_momentum": training_file("sgd_momentum",
                                      lambda groups: torch.optim.SGD(groups, lr=0.05, momentum=0.9, dampening=0.1)),
    }
    with open(os.path.join(HERE, "continuation.json"), "w") as f:
        json.dump(continuation, f, indent=1)
        f.write("\n")
    with open(os.path.join(HERE, "state_dict_listing.json"), "w") as f:
        json.dump(listing(), f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
