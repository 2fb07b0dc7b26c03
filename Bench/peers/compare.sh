#!/usr/bin/env bash
# The seed preset end to end, this project against PyTorch on one thread, alternated run by run on this machine
# (ours, then PyTorch, N times: the VM's quiet and busy periods hit both alike): whole-process wall time of each,
# as a Markdown table, with the two cores' FMA peak measured before each of our runs. Not run by CI.
# PyTorch: Debian's python3-torch, or with TORCH_ROOT set, the one in that chroot (Bench/peers/torch-chroot.sh makes
# one with trixie's 2.6; bookworm's 1.13 is about 6× slower).
#   bash Bench/peers/compare.sh [runs, default 3] [--ours-only] > benchmarks/<cpu>/seed-vs-pytorch.md
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-3}
dotnet build Cli -c Release >/dev/null
cli=(dotnet Cli/bin/Release/net10.0/linux-x64/neural-ik.dll)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

if [ -n "${TORCH_ROOT:-}" ]; then
    mkdir -p "$TORCH_ROOT/peer/Bench/peers" "$TORCH_ROOT/peer/data"
    cp Bench/peers/seed_torch.py "$TORCH_ROOT/peer/Bench/peers/"
    cp data/dataset.csv "$TORCH_ROOT/peer/data/"
    # torch reads /proc (cpuinfo); OpenBLAS starts threads of its own unless told one.
    mountpoint -q "$TORCH_ROOT/proc" || { mount -t proc proc "$TORCH_ROOT/proc"; trap 'umount "$TORCH_ROOT/proc"; rm -rf "$out"' EXIT; }
    torch=(chroot "$TORCH_ROOT" /usr/bin/env OPENBLAS_NUM_THREADS=1 /bin/sh -c \
        'cd /peer && exec /usr/bin/python3 Bench/peers/seed_torch.py')
    version=$(chroot "$TORCH_ROOT" /usr/bin/python3 -c 'import torch; print(torch.__version__)')
else
    torch=(env OPENBLAS_NUM_THREADS=1 /usr/bin/python3 Bench/peers/seed_torch.py)
    version=$(/usr/bin/python3 -c 'import torch; print(torch.__version__)')
fi

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
echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%Y-%m-%d); PyTorch $version, 1 thread" \
    "(torch.set_num_threads(1), OPENBLAS_NUM_THREADS=1)."
echo
echo "| run | wall time (s) | training (s, GFLOP/s) | two-core peak just before (GFLOP/s) | test MSE |"
echo "| --- | ---: | --- | ---: | ---: |"
for ((i = 1; i <= runs; i++)); do
    two=$(peak)
    t=$(wall "${cli[@]}" train --preset seed --data data/dataset.csv --out "$out/seed")
    mse=$(grep -oE 'test [0-9.]+ \(MSE' "$out/log" | grep -oE '[0-9.]+')
    training=$(grep -oE 'training time: [0-9.]+ s \([0-9]+ ms/epoch, [0-9.]+ GFLOP/s' "$out/log" | sed 's/training time: //')
    echo "| neural-ik train --preset seed (2 cores), run $i | $t | $training) | $two | $mse |"
    [[ "${2:-}" == --ours-only ]] && continue
    t=$(wall "${torch[@]}")
    mse=$(grep -oE 'test MSE [0-9.]+' "$out/log" | grep -oE '[0-9.]+')
    training=$(grep -oE 'training [0-9.]+ s' "$out/log" | grep -oE '[0-9.]+')
    echo "| PyTorch $version, 1 thread, run $i | $t | $training | | $mse |"
done
