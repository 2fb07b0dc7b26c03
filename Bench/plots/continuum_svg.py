#!/usr/bin/python3
"""The continuum arm's answers as an SVG (no plotting library needed).

Reads rows "target,answer,x,y,z" (answer 0: the target itself; then each answer's backbone, base to tip, on the real
arm) as Bench's `continuum 600 drawing.csv` writes them, and draws two views (side: x, z; top: x, y), one colour per
answer, each target a cross. Usage: continuum_svg.py drawing.csv out.svg "title"
"""
import csv
import sys

rows = [r for r in csv.DictReader(open(sys.argv[1]))]
title = sys.argv[3] if len(sys.argv) > 3 else ""
W, H, M = 900, 470, 40
colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"]
marks = ["#000000", "#ff7f0e", "#8c564b"]
panel = (W - 3 * M) / 2
points = [(float(r["x"]), float(r["y"]), float(r["z"])) for r in rows]
span = max(max(abs(p[0]), abs(p[1]), abs(p[2])) for p in points) * 1.1
out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
       f'<rect width="{W}" height="{H}" fill="white"/>',
       f'<text x="{M}" y="22" font-size="15">{title}</text>']
for k, (name, a, b) in enumerate([("side (x, z)", 0, 2), ("top (x, y)", 0, 1)]):
    x0, y0 = M + k * (panel + M), 50
    cx, cy = x0 + panel / 2, y0 + panel / 2 if b == 1 else y0 + panel - 20

    def px(p):
        return cx + panel / 2 * p[a] / span, cy - panel / 2 * p[b] / span
    out.append(f'<rect x="{x0}" y="{y0}" width="{panel}" height="{panel}" fill="none" stroke="#bbb"/>')
    out.append(f'<text x="{x0 + 6}" y="{y0 + 16}">{name}</text>')
    groups = {}
    for r, p in zip(rows, points):
        groups.setdefault((r["target"], r["answer"]), []).append(p)
    for (target, answer), pts in groups.items():
        t = int(target) - 1
        if answer == "0":
            x, y = px(pts[0])
            out.append(f'<path d="M{x - 7},{y - 7}L{x + 7},{y + 7}M{x - 7},{y + 7}L{x + 7},{y - 7}" '
                       f'stroke="{marks[t % len(marks)]}" stroke-width="2.5"/>')
            continue
        d = "M" + "L".join(f"{px(p)[0]:.1f},{px(p)[1]:.1f}" for p in pts)
        colour = colours[(int(answer) - 1) % len(colours)]
        out.append(f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="2" opacity="0.8"/>')
out.append("</svg>")
open(sys.argv[2], "w").write("\n".join(out))
