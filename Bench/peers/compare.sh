#!/usr/bin/env bash
# The seed preset end to end, this project against PyTorch (one thread; as users run it, and with
# torch.set_flush_denormal(True)) on this machine in one run: whole-process wall time of each, as a
# Markdown table. Not run by CI (it takes about ten minutes). Needs Debian's python3-torch:
#   apt-get install -y python3-torch
#   bash Bench/peers/compare.sh [runs of ours, default 3] [--ours-only] > benchmarks/<cpu>/seed-vs-pytorch.md
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-3}
dotnet build Cli -c Release >/dev/null
cli=(dotnet Cli/bin/Release/net10.0/linux-x64/neural-ik.dll)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Wall time of one command in seconds; its last output line goes to stderr for the record.
wall() {
    local start end
    start=$(date +%s.%N)
    "$@" >"$out/log" 2>&1
    end=$(date +%s.%N)
    tail -n 1 "$out/log" >&2
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }'
}

dotnet build Bench -c Release >/dev/null
# The two cores' FMA peak, measured again before each of our runs: on a VM it changes from one minute to the next.
peak() { dotnet Bench/bin/Release/net10.0/linux-x64/NeuralIk.Bench.dll --list flat 2>/dev/null | grep -oE '[0-9.]+ on two' | cut -d' ' -f1; }
echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%Y-%m-%d)."
echo
echo "| run | wall time (s) | training (s, GFLOP/s) | two-core peak just before (GFLOP/s) | test MSE |"
echo "| --- | ---: | --- | ---: | ---: |"
for ((i = 1; i <= runs; i++)); do
    two=$(peak)
    t=$(wall "${cli[@]}" train --preset seed --data data/dataset.csv --out "$out/seed")
    mse=$(grep -oE 'test [0-9.]+ \(MSE' "$out/log" | grep -oE '[0-9.]+')
    training=$(grep -oE 'training time: [0-9.]+ s \([0-9]+ ms/epoch, [0-9.]+ GFLOP/s' "$out/log" | sed 's/training time: //')
    echo "| neural-ik train --preset seed (2 cores), run $i | $t | $training) | $two | $mse |"
done
[[ "${2:-}" == --ours-only ]] && exit 0
for flag in "" --flush-denormal; do
    t=$(wall /usr/bin/python3 Bench/peers/seed_torch.py $flag)
    mse=$(grep -oE 'test MSE [0-9.]+' "$out/log" | grep -oE '[0-9.]+')
    training=$(grep -oE 'training [0-9.]+ s' "$out/log" | grep -oE '[0-9.]+')
    echo "| PyTorch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)') ${flag:-default}, 1 thread | $t | $training | | $mse |"
done
