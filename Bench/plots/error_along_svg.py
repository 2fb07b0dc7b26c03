#!/usr/bin/python3
"""A real arm's error along its workspace as an SVG (no plotting library needed).

Reads rows "reach,geometry,residual" (metres) as Bench's `real-arm URDF 0 errors.csv` writes them: each fresh pose's
horizontal reach and the real marker's distance from the calibrated chain's, alone and with the learned residual.
Draws the median and p95 per tenth of the reach range for both, in mm. Usage: error_along_svg.py errors.csv out.svg
"title"
"""
import csv
import sys

rows = [(float(r["reach"]), float(r["geometry"]) * 1e3, float(r["residual"]) * 1e3)
        for r in csv.DictReader(open(sys.argv[1]))]
title = sys.argv[3] if len(sys.argv) > 3 else ""
W, H, M = 760, 380, 60
lo, hi = min(r[0] for r in rows), max(r[0] for r in rows)
bins = 10
top = max(max(r[1], r[2]) for r in rows)


def quantile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else None


series = {}
for which, column in (("geometry", 1), ("residual", 2)):
    for q in (0.5, 0.95):
        pts = []
        for b in range(bins):
            a, z = lo + (hi - lo) * b / bins, lo + (hi - lo) * (b + 1) / bins
            v = quantile([r[column] for r in rows if a <= r[0] <= z], q)
            if v is not None:
                pts.append(((a + z) / 2, v))
        series[(which, q)] = pts
ymax = max(v for pts in series.values() for _, v in pts) * 1.15


def px(x):
    return M + (W - 2 * M) * (x - lo) / (hi - lo)


def py(v):
    return H - M - (H - 2 * M) * v / ymax


out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
       f'<rect width="{W}" height="{H}" fill="white"/>',
       f'<text x="{M}" y="24" font-size="15">{title}</text>',
       f'<line x1="{M}" y1="{H - M}" x2="{W - M}" y2="{H - M}" stroke="#444"/>',
       f'<line x1="{M}" y1="{H - M}" x2="{M}" y2="{M}" stroke="#444"/>',
       f'<text x="{W / 2}" y="{H - 18}" text-anchor="middle">horizontal reach of the tool from the base axis (m)</text>',
       f'<text x="16" y="{H / 2}" transform="rotate(-90 16 {H / 2})" text-anchor="middle">real marker error (mm)</text>']
for k in range(6):
    v = ymax * k / 5
    out.append(f'<text x="{M - 6}" y="{py(v) + 4:.1f}" text-anchor="end">{v:.2f}</text>')
for k in range(6):
    x = lo + (hi - lo) * k / 5
    out.append(f'<text x="{px(x):.1f}" y="{H - M + 16}" text-anchor="middle">{x:.2f}</text>')
style = {("geometry", 0.5): ("#d62728", ""), ("geometry", 0.95): ("#d62728", ' stroke-dasharray="6 4"'),
         ("residual", 0.5): ("#1f77b4", ""), ("residual", 0.95): ("#1f77b4", ' stroke-dasharray="6 4"')}
names = {"geometry": "calibrated geometry alone", "residual": "with the learned residual"}
for n, ((which, q), pts) in enumerate(series.items()):
    colour, dash = style[(which, q)]
    d = "M" + "L".join(f"{px(x):.1f},{py(v):.1f}" for x, v in pts)
    out.append(f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
    y = M + 14 + 16 * n
    out.append(f'<line x1="{M + 14}" y1="{y - 4}" x2="{M + 44}" y2="{y - 4}" stroke="{colour}" stroke-width="2"{dash}/>')
    out.append(f'<text x="{M + 50}" y="{y}">{names[which]}: {"median" if q == 0.5 else "p95"}</text>')
out.append("</svg>")
open(sys.argv[2], "w").write("\n".join(out))
