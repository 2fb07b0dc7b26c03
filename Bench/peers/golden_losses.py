"""Golden losses for Tests/Training/TorchGoldenTests.cs, computed by PyTorch, not by this project's code.

The run the test makes: the toy set y = (sin 3x0 + x1, x0·x1) of TrainerTests (256 training rows from seed 3,
64 validation rows from seed 4, drawn with this project's xoshiro256**), an MLP 2-64-96-2 with ReLU and
Glorot-uniform weights drawn in this project's order (layer by layer, W[in, out] row-major, seed 7), zero biases,
MSE, batch 32, the rows reshuffled every epoch by the generator seeded 7 ^ 0x5DEECE66D, 4 epochs. PyTorch does the
arithmetic: forward, MSE, backward, and Adam (lr 1e-3, betas 0.9/0.999, eps 1e-7) in torch operations, in the form
this project and Keras use: θ −= α·m/(√v + ε) with α = lr·√(1 − β2ᵗ)/(1 − β1ᵗ). torch.optim.Adam adds ε to √v̂
instead, which on this run moves the first epoch's loss by 9e-5 (relative), more than the test allows.
Prints the per-epoch mean training loss (batch losses before each step, weighted by rows) and validation MSE.

    /usr/bin/python3 Bench/peers/golden_losses.py
"""
import math
import struct

import torch

from seed_torch import Rng

SHUFFLE_SALT = 0x5DEECE66D
SIZES = [2, 64, 96, 2]


def f32(x):
    return struct.unpack("f", struct.pack("f", x))[0]


def uniform(rng, lo, hi):
    return lo + (hi - lo) * ((rng.next() >> 11) * (1.0 / (1 << 53)))


def toy(count, seed):
    rng = Rng(seed)
    x, y = [], []
    for _ in range(count):
        x0, x1 = f32(uniform(rng, -1, 1)), f32(uniform(rng, -1, 1))
        x.append([x0, x1])
        y.append([f32(f32(math.sin(f32(3 * x0))) + x1), f32(x0 * x1)])
    return torch.tensor(x, dtype=torch.float32), torch.tensor(y, dtype=torch.float32)


def network(seed):
    rng = Rng(seed)
    layers = []
    for fan_in, fan_out in zip(SIZES, SIZES[1:]):
        limit = math.sqrt(6.0 / (fan_in + fan_out))
        w = [[f32(uniform(rng, -limit, limit)) for _ in range(fan_out)] for _ in range(fan_in)]
        linear = torch.nn.Linear(fan_in, fan_out)
        with torch.no_grad():
            linear.weight.copy_(torch.tensor(w, dtype=torch.float32).T)
            linear.bias.zero_()
        layers += [linear, torch.nn.ReLU()]
    return torch.nn.Sequential(*layers[:-1])


def mse(predicted, target):
    return ((predicted.double() - target.double()) ** 2).mean().item()


def adam(params, moments, step, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-7):
    alpha = lr * math.sqrt(1 - beta2 ** step) / (1 - beta1 ** step)
    with torch.no_grad():
        for p, (m, v) in zip(params, moments):
            m += (p.grad - m) * (1 - beta1)
            v += (p.grad * p.grad - v) * (1 - beta2)
            p -= alpha * m / (v.sqrt() + eps)


def main():
    torch.set_num_threads(1)
    tx, ty = toy(256, 3)
    vx, vy = toy(64, 4)
    net = network(7)
    params = list(net.parameters())
    moments = [(torch.zeros_like(p), torch.zeros_like(p)) for p in params]
    shuffle = Rng(7 ^ SHUFFLE_SALT)
    order = list(range(len(tx)))
    step = 0
    train, validation = [], []
    for _ in range(4):
        shuffle.shuffle(order)
        total = 0.0
        for b in range(0, len(order), 32):
            rows = order[b:b + 32]
            for p in params:
                p.grad = None
            out = net(tx[rows])
            total += mse(out, ty[rows]) * len(rows)
            torch.nn.functional.mse_loss(out, ty[rows]).backward()
            step += 1
            adam(params, moments, step)
        train.append(total / len(order))
        with torch.no_grad():
            validation.append(mse(net(vx), vy))
    print(f"// torch {torch.__version__}")
    print("train:", ", ".join(repr(v) for v in train))
    print("validation:", ", ".join(repr(v) for v in validation))


if __name__ == "__main__":
    main()
