#!/usr/bin/python3
"""Raw network error against training time as an SVG (no plotting library needed).

Reads rows "minutes,middle_mm,middle_deg,near_mm,near_deg[,steps_middle_mm,steps_middle_deg,steps_near_mm,
steps_near_deg][,label]" from a CSV and writes two panels (position in mm, orientation in degrees), log-scaled, with
both guesses: from the middle of the limits and from a reference near the pose; with the steps_ columns also the
guess after the learned steps (dashed). Usage: raw_error_svg.py points.csv out.svg "title"
"""
import csv
import math
import sys

rows = [r for r in csv.DictReader(open(sys.argv[1]))]
title = sys.argv[3] if len(sys.argv) > 3 else ""
W, H, M = 900, 380, 60
panel = (W - 3 * M) / 2
xs = [float(r["minutes"]) for r in rows]
xmax = max(xs) * 1.1
out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
       f'<rect width="{W}" height="{H}" fill="white"/>',
       f'<text x="{M}" y="22" font-size="15">{title}</text>']
for k, (unit, keys) in enumerate([("mm", ("middle_mm", "near_mm")), ("degrees", ("middle_deg", "near_deg"))]):
    # Whole decades around the data, the position panel one more on top for the legend.
    values = [float(r[c]) for r in rows for c in (*keys, *("steps_" + key for key in keys)) if r.get(c)]
    lo = 10 ** math.floor(math.log10(min(values)))
    hi = 10 ** (math.ceil(math.log10(max(values))) + (1 if k == 0 else 0))
    x0 = M + k * (panel + M)
    y0, y1 = H - M, 50

    def px(x):
        return x0 + panel * x / xmax

    def py(v):
        return y0 - (y0 - y1) * (math.log10(v) - math.log10(lo)) / (math.log10(hi) - math.log10(lo))

    out.append(f'<rect x="{x0}" y="{y1}" width="{panel}" height="{y0 - y1}" fill="none" stroke="#999"/>')
    decade = lo
    while decade <= hi * 1.001:
        for m in (1, 2, 5):
            v = decade * m
            if lo <= v <= hi:
                out.append(f'<line x1="{x0}" x2="{x0 + panel}" y1="{py(v):.1f}" y2="{py(v):.1f}" stroke="#eee"/>')
                out.append(f'<text x="{x0 - 6}" y="{py(v) + 4:.1f}" text-anchor="end">{v:g}</text>')
        decade *= 10
    step = 10 if xmax > 30 else 5 if xmax > 10 else 1
    t = 0
    while t <= xmax:
        out.append(f'<text x="{px(t):.1f}" y="{y0 + 16}" text-anchor="middle">{t:g}</text>')
        t += step
    out.append(f'<text x="{x0 + panel / 2}" y="{y0 + 34}" text-anchor="middle">training time (minutes)</text>')
    out.append(f'<text x="{x0}" y="{y1 - 8}">raw {"position" if k == 0 else "orientation"} error, median ({unit})'
               '</text>')
    series = [(keys[0], "#d02525", "from the middle of the limits", ""),
              (keys[1], "#1f5fd0", "from a reference within 0.5 rad", "")]
    if "steps_" + keys[0] in rows[0]:
        series += [("steps_" + keys[0], "#d02525", "the same, then the learned steps", "6,3"),
                   ("steps_" + keys[1], "#1f5fd0", "the same, then the learned steps", "6,3")]
    for i, (key, colour, name, dash) in enumerate(series):
        pts = [(px(float(r["minutes"])), py(float(r[key]))) for r in rows]
        out.append('<polyline fill="none" stroke="{}" stroke-width="2" stroke-dasharray="{}" points="{}"/>'.format(
            colour, dash, " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)))
        for x, y in pts:
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>')
        if k == 0:
            out.append(f'<text x="{x0 + panel - 6}" y="{y1 + 18 + 16 * i}" text-anchor="end" fill="{colour}">'
                       f'{name}{" (dashed)" if dash else ""}</text>')
    goal = 5 if k == 0 else 1
    out.append(f'<line x1="{x0}" x2="{x0 + panel}" y1="{py(goal):.1f}" y2="{py(goal):.1f}" stroke="#1aa03a" '
               'stroke-dasharray="6,4"/>')
    out.append(f'<text x="{x0 + 6}" y="{py(goal) - 5:.1f}" fill="#1aa03a">'
               f'the aim: {goal} {"mm" if k == 0 else "°"}</text>')
out.append("</svg>")
open(sys.argv[2], "w").write("\n".join(out) + "\n")
