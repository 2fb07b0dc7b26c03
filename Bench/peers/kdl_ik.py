#!/usr/bin/python3
"""KDL, the reference IK of ROS, on targets from a URDF robot: the peer for spatial arms.

Builds a KDL chain from the URDF's joints by hand (Debian has python3-pykdl but no kdl_parser): each joint
becomes a segment whose joint sits at the joint's origin, axis turned into the parent frame, and whose tip is
that origin. Targets are FK of joint vectors drawn uniformly within the limits (seeded), or read from --input
(x,y,z,qx,qy,qz,qw, as `neural-ik generate --urdf` writes them: the targets `neural-ik eval` measures on with the
same --seed). Two solvers, each
under the same time budget per target:
  nr_jl  ChainIkSolverPos_NR_JL from the middle of the limits, then from random starts (TRAC-IK's protocol);
  lma    ChainIkSolverPos_LMA from random starts, kept only when within the limits.
A solve counts when FK of its answer is within --tolerance of the target in position (m) and orientation (rad)
and every joint is within its limits, both checked here. Prints one Markdown row per solver.

  apt-get install -y python3-pykdl
  /usr/bin/python3 Bench/peers/kdl_ik.py ../shared/robots/ur5/ur5.urdf --tip tool0
  /usr/bin/python3 Bench/peers/kdl_ik.py ../shared/robots/ur5/ur5.urdf --tip tool0 --input targets.csv
"""
import csv
import argparse
import math
import random
import statistics
import time
import xml.etree.ElementTree as ET

import PyKDL as K


def chain_from_urdf(path, base, tip):
    root = ET.parse(path).getroot()
    joints = {j.find("child").get("link"): j for j in root.findall("joint")}
    path_joints = []
    link = tip
    while link != base:
        joint = joints[link]
        path_joints.append(joint)
        link = joint.find("parent").get("link")
    chain, lower, upper, names = K.Chain(), [], [], []
    for j in reversed(path_joints):
        origin = j.find("origin")
        xyz = [float(v) for v in (origin.get("xyz", "0 0 0") if origin is not None else "0 0 0").split()]
        rpy = [float(v) for v in (origin.get("rpy", "0 0 0") if origin is not None else "0 0 0").split()]
        frame = K.Frame(K.Rotation.RPY(*rpy), K.Vector(*xyz))
        kind = j.get("type")
        if kind == "fixed":
            joint = K.Joint(j.get("name"), K.Joint.Fixed)
        else:
            axis = [float(v) for v in j.find("axis").get("xyz").split()] if j.find("axis") is not None else [1, 0, 0]
            turned = frame.M * K.Vector(*axis)
            kind_kdl = K.Joint.TransAxis if kind == "prismatic" else K.Joint.RotAxis
            joint = K.Joint(j.get("name"), frame.p, turned, kind_kdl)
            limit = j.find("limit")
            lo, hi = (-math.pi, math.pi) if kind == "continuous" else (float(limit.get("lower")),
                                                                        float(limit.get("upper")))
            lower.append(lo)
            upper.append(hi)
            names.append(j.get("name"))
        chain.addSegment(K.Segment(j.find("child").get("link"), joint, frame))
    return chain, lower, upper, names


def array(values):
    q = K.JntArray(len(values))
    for i, v in enumerate(values):
        q[i] = v
    return q


def errors(fk, q, target):
    frame = K.Frame()
    fk.JntToCart(q, frame)
    twist = K.diff(frame, target)
    return twist.vel.Norm(), twist.rot.Norm()


def solve(solver, fk, n, lower, upper, target, rng, budget, tolerance, nominal):
    start = time.perf_counter()
    first = True
    while time.perf_counter() - start < budget:
        seed = [(l + h) / 2 for l, h in zip(lower, upper)] if first and nominal \
            else [rng.uniform(l, h) for l, h in zip(lower, upper)]
        first = False
        out = K.JntArray(n)
        solver.CartToJnt(array(seed), target, out)
        q = [out[i] for i in range(n)]
        p, r = errors(fk, out, target)
        if p <= tolerance and r <= tolerance and all(l - 1e-12 <= v <= h + 1e-12 for v, l, h in zip(q, lower, upper)):
            return True, time.perf_counter() - start
    return False, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("urdf")
    parser.add_argument("--base", default=None)
    parser.add_argument("--tip", required=True)
    parser.add_argument("--targets", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--budget-ms", type=float, default=5.0)
    parser.add_argument("--tolerance", type=float, default=1e-6)
    parser.add_argument("--input", default=None, help="targets CSV with header x,y,z,qx,qy,qz,qw")
    a = parser.parse_args()
    root = ET.parse(a.urdf).getroot()
    children = {j.find("child").get("link") for j in root.findall("joint")}
    base = a.base or next(l.get("name") for l in root.findall("link") if l.get("name") not in children)
    chain, lower, upper, names = chain_from_urdf(a.urdf, base, a.tip)
    n = chain.getNrOfJoints()
    fk = K.ChainFkSolverPos_recursive(chain)
    rng = random.Random(a.seed)
    targets = []
    if a.input:
        with open(a.input, newline="") as f:
            for row in csv.DictReader(f):
                v = {k: float(x) for k, x in row.items()}
                targets.append(K.Frame(K.Rotation.Quaternion(v["qx"], v["qy"], v["qz"], v["qw"]),
                                       K.Vector(v["x"], v["y"], v["z"])))
        a.targets = len(targets)
    for _ in range(0 if a.input else a.targets):
        frame = K.Frame()
        fk.JntToCart(array([rng.uniform(l, h) for l, h in zip(lower, upper)]), frame)
        targets.append(frame)
    vel = K.ChainIkSolverVel_pinv(chain)
    solvers = {
        "nr_jl": (K.ChainIkSolverPos_NR_JL(chain, array(lower), array(upper), fk, vel, 100, a.tolerance), True),
        "lma": (K.ChainIkSolverPos_LMA(chain, a.tolerance * 1e-3, 500, 1e-15), False),
    }
    print(f"| KDL solver ({n} joints, {a.targets:,} targets, {a.tolerance:g} m and rad, {a.budget_ms:g} ms) "
          "| solve rate | mean ms | median ms | p99 ms |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, (solver, nominal) in solvers.items():
        rng = random.Random(a.seed + 1)
        results = [solve(solver, fk, n, lower, upper, t, rng, a.budget_ms / 1000, a.tolerance, nominal)
                   for t in targets]
        times = sorted(1000 * t for _, t in results)
        rate = sum(ok for ok, _ in results) / len(results)
        print(f"| {name} | {100 * rate:.2f} % | {statistics.mean(times):.3f} | {times[len(times) // 2]:.3f} | "
              f"{times[int(0.99 * len(times))]:.3f} |")


if __name__ == "__main__":
    main()
