"""The seed preset in PyTorch, the peer that `neural-ik train --preset seed` is measured against.

Same data (data/dataset.csv), same split (this project's xoshiro256** shuffle with seed 42: 6,400
training, 1,600 validation, 2,000 test rows), same recipe: inputs min-max scaled to [-1, 1] on the
training rows, MLP 2-256-256-128-128-2 with ReLU, Glorot-uniform weights and zero biases, MSE on
(theta1, theta2), Adam (lr 1e-3, betas 0.9/0.999, eps 1e-7), batch 32, 200 epochs, reshuffled every
epoch, validation loss after every epoch, test MSE at the end. One thread, as users run it on a
laptop; --flush-denormal turns on PyTorch's own fix for denormal slowdowns.

Run from the repository root with Debian's interpreter (apt-get install python3-torch):
    /usr/bin/python3 Bench/peers/seed_torch.py [--flush-denormal] [--epochs 200]
"""
import argparse
import csv
import time

import torch

MASK = (1 << 64) - 1


class Rng:
    """xoshiro256** seeded through SplitMix64, as Engine/Training/Rng.cs (so the split is the same rows)."""

    def __init__(self, seed):
        x = seed
        self.s = []
        for _ in range(4):
            x = (x + 0x9E3779B97F4A7C15) & MASK
            z = x
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
            self.s.append(z ^ (z >> 31))

    @staticmethod
    def rotl(x, k):
        return ((x << k) | (x >> (64 - k))) & MASK

    def next(self):
        s0, s1, s2, s3 = self.s
        result = (self.rotl((s1 * 5) & MASK, 7) * 9) & MASK
        t = (s1 << 17) & MASK
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = self.rotl(s3, 45)
        self.s = [s0, s1, s2, s3]
        return result

    def next_int(self, n):
        while True:
            product = self.next() * n
            hi, lo = product >> 64, product & MASK
            if lo >= ((1 << 64) - n) % n:
                return hi

    def shuffle(self, items):
        for i in range(len(items) - 1, 0, -1):
            j = self.next_int(i + 1)
            items[i], items[j] = items[j], items[i]


def split(count, seed, test_fraction=0.2, validation_fraction=0.2):
    order = list(range(count))
    Rng(seed).shuffle(order)
    test_count = round(count * test_fraction)
    rest = order[test_count:]
    validation_count = round(len(rest) * validation_fraction)
    return rest[:-validation_count], rest[-validation_count:], order[:test_count]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="data/dataset.csv")
    parser.add_argument("--epochs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--flush-denormal", action="store_true")
    args = parser.parse_args()
    start = time.perf_counter()
    torch.set_num_threads(1)
    if args.flush_denormal:
        torch.set_flush_denormal(True)
    torch.manual_seed(args.seed)

    with open(args.data, newline="") as f:
        rows = [[float(v) for v in r] for r in list(csv.reader(f))[1:]]
    data = torch.tensor(rows, dtype=torch.float32)
    train, validation, test = split(len(rows), args.seed)
    x, y = data[:, :2], data[:, 2:]
    lo, hi = x[train].min(0).values, x[train].max(0).values
    x = 2 * (x - lo) / (hi - lo) - 1
    tx, ty = x[train], y[train]
    vx, vy, sx, sy = x[validation], y[validation], x[test], y[test]

    sizes = [2, 256, 256, 128, 128, 2]
    layers = []
    for i in range(len(sizes) - 1):
        linear = torch.nn.Linear(sizes[i], sizes[i + 1])
        torch.nn.init.xavier_uniform_(linear.weight)
        torch.nn.init.zeros_(linear.bias)
        layers += [linear, torch.nn.ReLU()]
    net = torch.nn.Sequential(*layers[:-1])
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
    loss_fn = torch.nn.MSELoss()
    generator = torch.Generator().manual_seed(args.seed)

    train_start = time.perf_counter()
    for epoch in range(1, args.epochs + 1):
        clock = time.perf_counter()
        order = torch.randperm(len(tx), generator=generator)
        total = 0.0
        for b in range(0, len(tx), 32):
            rows_b = order[b:b + 32]
            optimizer.zero_grad()
            loss = loss_fn(net(tx[rows_b]), ty[rows_b])
            loss.backward()
            optimizer.step()
            total += loss.item() * len(rows_b)
        with torch.no_grad():
            val = loss_fn(net(vx), vy).item()
        if epoch % 20 == 0 or epoch == 1:
            print(f"epoch {epoch:4d}/{args.epochs}  train {total / len(tx):.4f}  val {val:.4f}  "
                  f"{(time.perf_counter() - clock) * 1000:.0f} ms", flush=True)
    train_seconds = time.perf_counter() - train_start
    with torch.no_grad():
        test_loss = loss_fn(net(sx), sy).item()
    print(f"torch {torch.__version__}, flush_denormal {args.flush_denormal}: test MSE {test_loss:.4f}; "
          f"training {train_seconds:.1f} s ({train_seconds / args.epochs * 1000:.0f} ms/epoch); "
          f"process {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
