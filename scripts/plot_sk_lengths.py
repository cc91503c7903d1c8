"""Writes notes/figures/sk_length_vs_epsilon.svg (log-log braid length vs operator-norm distance)
from the `skein compile TARGET --method sk` runs quoted in notes/compiling.md. Plain SVG, no deps."""
import math
data = {
    "t":       [(17, 2.186e-02), (83, 5.183e-03), (387, 3.548e-04), (2053, 6.947e-06), (10211, 1.957e-08), (50827, 1.077e-12)],
    "h":       [(17, 2.916e-02), (75, 4.507e-03), (411, 4.694e-04), (2069, 1.460e-06), (10009, 3.579e-09), (50393, 2.306e-13)],
    "ry(0.7)": [(18, 1.190e-02), (82, 3.087e-03), (416, 2.616e-04), (2056, 2.288e-06), (10336, 8.378e-09), (50104, 7.960e-13)],
    "exhaustive ix": [(2, 3.894e-01), (5, 2.378e-01), (8, 1.297e-01), (9, 1.128e-01), (14, 6.822e-02), (17, 6.231e-02), (18, 4.223e-02), (19, 3.796e-02), (20, 3.106e-03)],
}
colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"]
W, H, m = 640, 440, 60
def x(eps): return m + (W - 2 * m) * (math.log10(1 / eps) - 0) / 14
def y(L): return H - m - (H - 2 * m) * (math.log10(L) - 0) / 5
out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
       f'<rect width="{W}" height="{H}" fill="white"/>',
       f'<line x1="{m}" y1="{H-m}" x2="{W-m}" y2="{H-m}" stroke="black"/><line x1="{m}" y1="{m}" x2="{m}" y2="{H-m}" stroke="black"/>']
for k in range(0, 15, 2):
    out.append(f'<text x="{x(10**-k)}" y="{H-m+16}" text-anchor="middle">1e-{k}</text>')
for k in range(0, 6):
    out.append(f'<text x="{m-6}" y="{y(10**k)+4}" text-anchor="end">1e{k}</text>')
out.append(f'<text x="{W/2}" y="{H-15}" text-anchor="middle">ε (operator norm, min over phase)</text>')
out.append(f'<text x="15" y="{H/2}" transform="rotate(-90 15 {H/2})" text-anchor="middle">braid length</text>')
out.append(f'<text x="{W/2}" y="25" text-anchor="middle">Fibonacci 3-τ qubit: Solovay–Kitaev depths 0–5 and exhaustive search</text>')
for i, (name, pts) in enumerate(data.items()):
    c = colors[i]
    out.append('<polyline fill="none" stroke="%s" points="%s"/>' % (c, " ".join(f"{x(e):.1f},{y(L):.1f}" for L, e in pts)))
    for L, e in pts: out.append(f'<circle cx="{x(e):.1f}" cy="{y(L):.1f}" r="3" fill="{c}"/>')
    out.append(f'<text x="{W-m-150}" y="{m+15+15*i}" fill="{c}">{name}</text>')
out.append('</svg>')
open("notes/figures/sk_length_vs_epsilon.svg", "w").write("\n".join(out))
