#!/usr/bin/env bash
# A current PyTorch for the seed comparison: Debian trixie's python3-torch (2.6) in a debootstrap chroot, made
# offline from the Debian mirror this machine's apt uses (bookworm's own python3-torch is 1.13, about 6× slower).
#   bash Bench/peers/torch-chroot.sh [folder, default ../trixie]
# then: TORCH_ROOT=../trixie bash Bench/peers/compare.sh 5 > benchmarks/<cpu>/seed-vs-pytorch.md
set -euo pipefail
root=${1:-../trixie}
mirror=${MIRROR:-http://deb.debian.org/debian}
command -v debootstrap >/dev/null || apt-get install -y debootstrap >/dev/null
if [ ! -x "$root/usr/bin/python3" ]; then
    debootstrap --variant=minbase trixie "$root" "$mirror"
fi
echo "deb $mirror trixie main" > "$root/etc/apt/sources.list"
chroot "$root" apt-get update -qq
# OpenBLAS, as a plain `apt install python3-torch` brings it (libtorch recommends it); the reference BLAS that
# --no-install-recommends leaves is several times slower.
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-torch \
    libopenblas0
chroot "$root" apt-get clean
mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
chroot "$root" /usr/bin/python3 -c 'import torch; print("torch", torch.__version__)'
umount "$root/proc"
