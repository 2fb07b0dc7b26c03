"""The README's results table, made from committed measurements (run from the repository root):

    python3 Bench/tables/results.py benchmarks/<cpu>    # writes benchmarks/<cpu>/chain-models.md

Reads <cpu>/models/models.csv (each planar model: its chain, network and training time), <cpu>/models/<model>.eval.json
(`neural-ik eval --json` of that model) and <cpu>/NeuralIk.Bench.ChainSolveBenchmarks-report-github.md (µs per target).
A test checks that the README's table is this file's (Tests/Docs).
"""
import csv
import json
import re
import sys


def number(v, digits=1):
    return f"{v:.{digits}e}".replace("e-0", "e-").replace("e+0", "e")


def main(folder):
    bench = {}
    for line in open(f"{folder}/NeuralIk.Bench.ChainSolveBenchmarks-report-github.md", encoding="utf-8"):
        cells = [c.strip().strip("*") for c in line.split("|")]
        if len(cells) > 4 and cells[1] == "PerTarget":
            bench[cells[2]] = cells[3].replace(" μs", "").replace(" us", "")
    rows = []
    for m in csv.DictReader(open(f"{folder}/models/models.csv", encoding="utf-8")):
        blocks = json.load(open(f"{folder}/models/{m['model']}.eval.json", encoding="utf-8"))
        j = next(b for b in blocks if b["distribution"] == "joint-space")
        raw = f"{number(j['raw']['position']['median'])} ({number(j['raw']['position']['p99'])})"
        if j["raw"]["orientation"]:
            raw += f"; φ {number(j['raw']['orientation']['median'])}"
        if j["closed_form"]:
            c = j["closed_form"]
            answers = (f"both branches = closed form ({c['matched']:,} / {c['unblocked']:,})" if m["limits"] == "—"
                       else f"every closed-form branch within the limits ({c['matched']:,} / {c['unblocked']:,})")
        else:
            d = j["distinct"]
            answers = f"{j['asked']} distinct for {d['delivered']:,} / {d['available']:,}"
        n = len(m["links"].split(","))
        rows.append(f"| {n} | {m['links']} | {m['target']} | {m['limits']} | {m['network']} | {raw} | "
                    f"{j['solved_must_solve']:,} / {j['must_solve']:,} | {answers} | {bench[m['bench_chain']]} | "
                    f"{float(m['training_seconds']):.0f} s |")
    table = ["| N | links | target | limits | network | raw error | solved | answers | µs per target | training |",
             "| ---: | --- | --- | --- | --- | --- | --- | --- | ---: | ---: |"] + rows
    with open(f"{folder}/chain-models.md", "w", encoding="utf-8") as f:
        f.write("`neural-ik eval` (joint-space block) of each planar model, its ChainSolveBenchmarks mean and its training "
                "time on 2 cores; made by Bench/tables/results.py from the files beside it.\n\n")
        f.write("\n".join(table) + "\n")


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"))
